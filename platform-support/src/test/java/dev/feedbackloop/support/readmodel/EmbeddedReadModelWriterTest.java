package dev.feedbackloop.support.readmodel;

import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.support.testing.TestDatabases;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-model contract on the embedded server, plus its persistence to the data directory. */
class EmbeddedReadModelWriterTest extends ReadModelWriterContract {

    private final Path dataDir = TestDatabases.newDataDir("embedded-mongo");
    private EmbeddedMongo server;

    @Override
    String connectionString() {
        server = new EmbeddedMongo(dataDir);
        return server.connectionString();
    }

    @Override
    ReadModelDurability durability() {
        return server;
    }

    @Override
    void afterClose() {
        server.close();
    }

    @Test
    void droppingCollectionsThatDoNotExistLeavesNoErrorInTheLog() {
        ch.qos.logback.classic.Logger wire = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(de.bwaldvogel.mongo.wire.MongoWireProtocolHandler.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        wire.addAppender(logged);
        try {
            writer.put("present", "p1", new Document("v", 1));

            writer.drop("never-written", "present", "also-never-written");

            assertThat(all("present")).isEmpty();
            assertThat(logged.list).as("the embedded server logs a drop of a missing collection as an error, with its stack")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
        } finally {
            wire.detachAppender(logged);
        }
    }

    @Test
    void committedWritesSurviveARestartOfTheEmbeddedServer() {
        Path dir = TestDatabases.newDataDir("embedded-restart");
        EmbeddedMongo first = new EmbeddedMongo(dir);
        try (var client = MongoClients.create(first.connectionString())) {
            ReadModelWriter w = new ReadModelWriter(client.getDatabase("restart"), first, Duration.ofSeconds(10));
            w.put("kept", "k1", new Document("v", 42));
        }
        first.close();
        EmbeddedMongo second = new EmbeddedMongo(dir);
        try (var client = MongoClients.create(second.connectionString())) {
            Document found = Mono.from(client.getDatabase("restart").getCollection("kept").find().first()).block();
            assertThat(found).isNotNull();
            assertThat(found.getInteger("v")).isEqualTo(42);
        } finally {
            second.close();
        }
    }

    @Test
    void aProcessorInterruptedWhileItCommitsLeavesTheStoreWorking() {
        Path dir = TestDatabases.newDataDir("embedded-interrupt");
        EmbeddedMongo mongo = new EmbeddedMongo(dir);
        try (var client = MongoClients.create(mongo.connectionString())) {
            ReadModelWriter w = new ReadModelWriter(client.getDatabase("interrupt"), mongo, Duration.ofSeconds(10));
            w.put("kept", "before", new Document("v", 1));
            Mono.from(client.getDatabase("interrupt").getCollection("kept").insertOne(new Document("_id", "pending"))).block();
            Thread.currentThread().interrupt();
            try {
                mongo.commit();
            } finally {
                Thread.interrupted();
            }
            w.put("kept", "after", new Document("v", 2));
            assertThat(Mono.from(client.getDatabase("interrupt").getCollection("kept").countDocuments()).block()).isEqualTo(3);
        }
        mongo.close();
        EmbeddedMongo reopened = new EmbeddedMongo(dir);
        try (var client = MongoClients.create(reopened.connectionString())) {
            assertThat(Mono.from(client.getDatabase("interrupt").getCollection("kept").countDocuments()).block()).isEqualTo(3);
        } finally {
            reopened.close();
        }
    }
}
