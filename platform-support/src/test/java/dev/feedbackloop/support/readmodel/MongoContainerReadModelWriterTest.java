package dev.feedbackloop.support.readmodel;

import com.mongodb.ExplainVerbosity;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-model contract on a real MongoDB replica set; skipped where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerReadModelWriterTest extends ReadModelWriterContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    @Override
    String connectionString() {
        return MONGO.getReplicaSetUrl();
    }

    /** A real MongoDB answers the senders' due-queue query from the declared index, not by scanning the collection. */
    @Test
    void theDueQueueQueryUsesItsIndex() {
        new ReadModelIndexes(database, List.of(deliveryIndexes(Duration.ofDays(7))), Duration.ofSeconds(10)).ensureAll();
        for (int i = 0; i < 50; i++) {
            writer.put("deliveries", "d" + i, new Document("state", i % 5 == 0 ? "pending" : "delivered")
                    .append("next_attempt_at", new Date()).append("enqueued_at", new Date()));
        }
        Document plan = Mono.from(database.getCollection("deliveries")
                .find(Filters.and(Filters.eq("state", "pending"), Filters.lte("next_attempt_at", new Date())))
                .explain(ExplainVerbosity.QUERY_PLANNER)).block();
        assertThat(plan).isNotNull();
        assertThat(plan.toJson()).contains("IXSCAN").contains("\"indexName\": \"due\"").doesNotContain("COLLSCAN");
    }
}
