package dev.feedbackloop.support.readmodel;

import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The read-model contract on a real MongoDB replica set; skipped where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerReadModelWriterTest extends ReadModelWriterContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    @Override
    String connectionString() {
        return MONGO.getReplicaSetUrl();
    }
}
