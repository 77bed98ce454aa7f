package dev.feedbackloop.support.readmodel;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.feedbackloop.support.config.PlatformProperties;
import org.bson.UuidRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/** Connects to MongoDB when {@code platform.mongo.uri} is set, otherwise starts the embedded server. */
@Configuration(proxyBeanMethods = false)
public class ReadModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReadModelConfiguration.class);

    @Bean(destroyMethod = "close")
    public EmbeddedMongoHolder embeddedMongo(PlatformProperties properties) {
        return new EmbeddedMongoHolder(properties.mongo().embedded() ? new EmbeddedMongo(properties.dataDir()) : null);
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(PlatformProperties properties, EmbeddedMongoHolder embedded) {
        PlatformProperties.Mongo mongo = properties.mongo();
        String uri = embedded.server() != null ? embedded.server().connectionString() : mongo.uri();
        long timeoutMs = mongo.timeout().toMillis();
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout((int) Math.max(timeoutMs * 6, 30_000), TimeUnit.MILLISECONDS))
                // Client-side operation timeout: no request or processor waits on the read-model store for ever.
                .timeout(timeoutMs * 3, TimeUnit.MILLISECONDS)
                .retryWrites(embedded.server() == null)
                .retryReads(true);
        if (embedded.server() == null) {
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
            log.info("Read models: MongoDB at {}", new ConnectionString(uri).getHosts());
        }
        return MongoClients.create(settings.build());
    }

    @Bean
    public MongoDatabase readModelDatabase(MongoClient client, PlatformProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    public ReadModelDurability readModelDurability(EmbeddedMongoHolder embedded) {
        EmbeddedMongo server = embedded.server();
        return server == null ? ReadModelDurability.ALREADY_DURABLE : server;
    }

    @Bean
    public ReadModelIndexes readModelIndexes(MongoDatabase database, ObjectProvider<ProjectionIndexes> declared,
                                             PlatformProperties properties) {
        return new ReadModelIndexes(database, declared.orderedStream().toList(), properties.mongo().timeout());
    }

    @Bean
    public ReadModelWriter readModelWriter(MongoDatabase database, ReadModelDurability durability,
                                           PlatformProperties properties, ReadModelIndexes indexes) {
        return new ReadModelWriter(database, durability, properties.mongo().timeout().multipliedBy(6), indexes);
    }

    /**
     * Creates the declared indexes when the service has started, on a thread of its own: a large collection on a
     * real MongoDB builds its index in the background, and a store that is down does not hold up the start.
     */
    @Bean
    public org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
    readModelIndexCreation(ReadModelIndexes indexes) {
        return event -> {
            Thread thread = new Thread(indexes::ensureAll, "read-model-indexes");
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** Holds the embedded server when there is one, so the bean graph has no null beans. */
    public record EmbeddedMongoHolder(EmbeddedMongo server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
