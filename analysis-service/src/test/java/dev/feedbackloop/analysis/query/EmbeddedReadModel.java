package dev.feedbackloop.analysis.query;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.bson.Document;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

/** The embedded MongoDB-compatible server the platform runs by default, with a writer on a fresh database. */
public final class EmbeddedReadModel implements AutoCloseable {

    final EmbeddedMongo server;
    final MongoClient client;
    public final ReadModelWriter writer;
    public final QueryLimits limits;

    public EmbeddedReadModel(String purpose) {
        server = new EmbeddedMongo(TestDatabases.newDataDir(purpose));
        client = MongoClients.create(server.connectionString());
        writer = new ReadModelWriter(client.getDatabase("search"), server, Duration.ofSeconds(10));
        limits = new QueryLimits(writer, QuerySettings.DEFAULTS);
    }

    public List<Document> all(String collection) {
        return Flux.from(writer.collection(collection).find().sort(new Document("_id", 1))).collectList().block();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
