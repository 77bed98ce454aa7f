package dev.feedbackloop.analysis.release;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The side-by-side feedback is pruned after its retention, but never what an open release may still fold. */
class ReleaseFeedbackPrunerTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final AtomicInteger ids = new AtomicInteger();
    static EmbeddedMongo server;
    static MongoClient client;

    @BeforeAll
    static void start() {
        server = new EmbeddedMongo(TestDatabases.newDataDir("release-feedback-pruner"));
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    final ReadModelWriter writer = new ReadModelWriter(client.getDatabase("prune_" + ids.incrementAndGet()), server,
            Duration.ofSeconds(10));
    final ReleaseSettings settings = ReleaseSettings.defaults();     // 14 days
    final ReleaseFeedbackPruner pruner = new ReleaseFeedbackPruner(writer, new ReleaseProjection(writer), settings,
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10));

    void feedbackDaysAgo(int... days) {
        List<Document> docs = java.util.Arrays.stream(days).mapToObj(d -> new Document("_id", "fb-" + d)
                .append("agent_id", "bot").append("agent_version", "v2")
                .append("at", Date.from(NOW.minus(Duration.ofDays(d)))).append("c", new Document())).toList();
        Mono.from(writer.collection(ReleaseProjection.FEEDBACK).insertMany(docs)).block();
    }

    void release(String id, String status, int openedDaysAgo) {
        Mono.from(writer.collection(ReleaseProjection.RELEASES).insertOne(new Document("_id", id)
                .append("agent_id", "bot").append("version", "v2").append("baseline_version", "v1")
                .append("status", status).append("percentage", 5)
                .append("opened_at", Date.from(NOW.minus(Duration.ofDays(openedDaysAgo)))))).block();
    }

    List<String> kept() {
        return Flux.from(writer.collection(ReleaseProjection.FEEDBACK).find()).map(d -> d.getString("_id"))
                .collectList().block();
    }

    @Test
    void feedbackOlderThanTheRetentionIsDeletedAndNewerIsKept() {
        feedbackDaysAgo(1, 13, 15, 40);
        assertThat(pruner.prune()).isEqualTo(2);
        assertThat(kept()).containsExactlyInAnyOrder("fb-1", "fb-13");
    }

    @Test
    void anOpenReleaseKeepsEverythingSinceItOpenedButAClosedOneDoesNot() {
        feedbackDaysAgo(1, 15, 25, 40);
        release("open-old", "open", 20);
        release("done-older", "rolled_back", 35);
        assertThat(pruner.prune()).isEqualTo(2);
        assertThat(kept()).containsExactlyInAnyOrder("fb-1", "fb-15");
        assertThat(pruner.prune()).isZero();
    }
}
