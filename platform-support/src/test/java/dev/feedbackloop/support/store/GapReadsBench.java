package dev.feedbackloop.support.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedbackloop.support.serialization.SerializationConfiguration;
import dev.feedbackloop.support.testing.SampleEvents;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Benchmark, not a test ({@code bench/run-gap-reads.sh}): on an embedded H2 event store of each given size, how long
 * one read of a reader that waits for a gap takes with Axon's statement and with {@link IndexedGapReads}. The reader
 * is 100 events behind the head and waits for one position 50 events further back; one event is appended before
 * each read, as writes do, since H2 reuses a query's result while its table does not change. Prints the median of
 * 30 reads per statement, the two alternated.
 */
public final class GapReadsBench {

    private static final int READS = 30;

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "cores %d, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        for (String size : args.length == 0 ? new String[]{"10000", "100000", "1000000"} : args) {
            run(Integer.parseInt(size));
        }
    }

    private static void run(int events) throws Exception {
        Path dir = Files.createTempDirectory("gap-reads-bench");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(EventStoreConfiguration.embeddedUrl(dir));
        config.setUsername("sa");
        try (var dataSource = new EventStoreConfiguration.PooledDataSource(new HikariDataSource(config))) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
            TransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
            var connections = new SpringDataSourceConnectionProvider(dataSource);
            Serializer serializer = SerializationConfiguration.jsonEventSerializer();
            JdbcEventStorageEngine axons = JdbcEventStorageEngine.builder().connectionProvider(connections)
                    .transactionManager(transactions).eventSerializer(serializer).snapshotSerializer(serializer).build();
            JdbcEventStorageEngine indexed = JdbcEventStorageEngine.builder().connectionProvider(connections)
                    .transactionManager(transactions).eventSerializer(serializer).snapshotSerializer(serializer)
                    .readEventDataWithGaps(new IndexedGapReads()).build();
            for (int stored = 0; stored < events; stored += 1_000) {
                List<DomainEventMessage<?>> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(1_000, events - stored); i++) {
                    batch.add(event());
                }
                transactions.executeInTransaction(() -> axons.appendEvents(batch));
            }
            TrackingToken waiting = GapAwareTrackingToken.newInstance(events - 100, List.of((long) events - 150));
            double[][] millis = new double[2][READS];
            for (int read = 0; read < READS; read++) {
                for (int engine = 0; engine < 2; engine++) {
                    JdbcEventStorageEngine reader = engine == 0 ? axons : indexed;
                    transactions.executeInTransaction(() -> axons.appendEvents(event()));
                    long start = System.nanoTime();
                    long rows = reader.readEvents(waiting, false).limit(100).count();
                    millis[engine][read] = (System.nanoTime() - start) / 1e6;
                    if (rows != 100) {
                        throw new IllegalStateException("read " + rows + " events, expected 100");
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%,d events: Axon's statement %.2f ms, IndexedGapReads %.2f ms (median of %d reads)%n",
                    events, median(millis[0]), median(millis[1]), READS);
        } finally {
            deleteStore(dir);
        }
    }

    /** The store of a million events takes about 6 GB: it goes once measured. */
    private static void deleteStore(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static DomainEventMessage<?> event() {
        return new GenericDomainEventMessage<>("Feedback", UUID.randomUUID().toString(), 0, SampleEvents.assessmentDeleted());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
