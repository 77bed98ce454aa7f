package dev.feedbackloop.support.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * Declares the DataSource itself: Axon's JDBC auto-configuration runs before Boot 4's DataSource
 * auto-configuration and would otherwise create no event store at all.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventStoreConfiguration.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * The pool, behind a proxy that takes a connection from it only when a statement is first run. A transaction
     * starts with every unit of work, and an event processor's unit of work starts with its batch: without the proxy
     * each batch held a connection while its handlers ran and its read models were written, and under load the
     * processors emptied the pool while the database sat idle. With it a batch holds a connection only from its token
     * update to its commit.
     */
    @Bean(destroyMethod = "close")
    public PooledDataSource dataSource(PlatformProperties properties) {
        return new PooledDataSource(pool(properties));
    }

    /** The event store's connection pool, handing out connections on first use; closing it closes the pool. */
    public static final class PooledDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

        private final HikariDataSource pool;

        PooledDataSource(HikariDataSource pool) {
            super(pool);
            this.pool = pool;
        }

        /** Connections in use right now: taken by a statement and not yet given back. */
        public int activeConnections() {
            return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    private static HikariDataSource pool(PlatformProperties properties) {
        PlatformProperties.Database db = properties.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-store");
        config.setConnectionTimeout(db.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(db.connectTimeout().toMillis(), 5_000));
        config.setMaximumPoolSize(db.maxPoolSize());
        if (db.embedded()) {
            config.setJdbcUrl(embeddedUrl(properties.dataDir()));
            config.setUsername("sa");
            config.setPassword("");
            log.info("Event store: embedded H2 in {}", properties.dataDir().toAbsolutePath().normalize());
        } else {
            config.setJdbcUrl(db.url());
            config.setUsername(db.username());
            config.setPassword(db.password());
            if (db.url().startsWith("jdbc:postgresql:")) {
                // Fail a stuck query instead of hanging a request or a processor forever.
                config.addDataSourceProperty("socketTimeout", "60");
                config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, db.connectTimeout().toSeconds())));
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
            }
            log.info("Event store: {}", db.url().replaceAll("password=[^&;]*", "password=***"));
        }
        return new HikariDataSource(config);
    }

    /**
     * Declared here for the same reason as the DataSource: Axon decides between a Spring-backed and a no-op
     * transaction manager before Boot 4's transaction auto-configuration runs. With the no-op one every statement
     * auto-commits, so a processor's token would be committed before the read-model batch it covers is written,
     * and a batch of feedback would not be appended atomically.
     */
    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /** Transactions of work nobody waits on, asynchronous commits on PostgreSQL (see the class). */
    @Bean
    public BackgroundTransactions backgroundTransactions(DataSource dataSource, PlatformProperties properties) {
        BackgroundTransactions background = new BackgroundTransactions(dataSource,
                properties.database().asynchronousBackgroundCommits());
        log.info("Event processors and the OTLP drain commit {}", background.asynchronous()
                ? "asynchronously (without waiting for the disk; requests' commits still wait)"
                : "synchronously, as requests do");
        return background;
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        log.debug("Axon runs its units of work in Spring transactions on the event store");
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * Axon names a token owner after the JVM ("pid@host"). Two instances that share that name (two contexts in one
     * JVM, or containers that all run as pid 1 on a shared host name) would each believe they own the same segment
     * and leave the others unprocessed. Each instance therefore gets an owner name of its own.
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        log.info("Event processors claim segments as '{}'", owner);
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .nodeId(owner)
                .claimTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The embedded event store's file, compacted while the platform runs (see {@link H2FileHousekeeping}): each
     * second, chunks less than 80 % live are rewritten, at most 16 MB a round.
     */
    @Bean(destroyMethod = "close")
    @Conditional(H2Store.class)
    public H2FileHousekeeping h2FileHousekeeping(PooledDataSource dataSource) {
        return H2FileHousekeeping.of(dataSource, 80, 16 << 20).start(Duration.ofSeconds(1));
    }

    /** The event store is an H2 database: the embedded default or a {@code jdbc:h2:} URL. */
    static final class H2Store implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("platform.database.url", "");
            return url.isBlank() || url.startsWith("jdbc:h2:");
        }
    }

    /**
     * WRITE_DELAY=0: without it H2 loses acknowledged commits when the process is killed. {@code retry:}: a thread
     * interrupted while H2 writes (a unit of work past its time limit, an executor shutting down) would close the file
     * channel under every connection, and the database would answer every later statement with a general error until
     * restarted; H2's retry file system opens the channel again and repeats the operation (the same file as
     * {@code file:}).
     */
    static String embeddedUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("platform.data-dir " + dir + " cannot be created", e);
        }
        return "jdbc:h2:retry:" + dir.resolve(EmbeddedStoreCompaction.NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * The storage engine as Axon's JDBC auto-configuration declares it, but reading past gaps with
     * {@link IndexedGapReads}, which both stores answer from the primary key (Axon's own statement made H2 walk
     * the whole event table). Named as Axon names its own, which then steps aside.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 ObjectProvider<EventSchema> eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema.getIfAvailable(EventSchema::new))
                .readEventDataWithGaps(new IndexedGapReads())
                .build();
    }

    /** Each new event is opened once for all processors, not once per processor (see the class). */
    @Bean
    public static BeanPostProcessor eventsOpenedOnce() {
        return ReadOnceStorageEngine.wrappingTheStorageEngine();
    }

    /**
     * Axon's default resolver misses PostgreSQL's and H2's duplicate-key errors inside batch appends, so
     * concurrent appends would surface as a generic store failure instead of a concurrency conflict.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return EventStoreConfiguration::isDuplicateKey;
    }

    public static boolean isDuplicateKey(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                        return true;
                    }
                }
                if (sql instanceof BatchUpdateException && sql.getCause() instanceof SQLException inner
                        && UNIQUE_VIOLATION.equals(inner.getSQLState())) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
