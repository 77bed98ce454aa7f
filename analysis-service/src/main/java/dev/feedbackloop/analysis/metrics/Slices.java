package dev.feedbackloop.analysis.metrics;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.limits.CollectionSource;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the slices of {@link MetricsProjection} by id: an agent's slices of a period are named by the agent and
 * each hour (or day) in it, so a query touches exactly those documents, whatever else is stored. Queries read through
 * their deadline ({@code from}); background work reads the store directly.
 */
@Component
public class Slices {

    static final int IDS_PER_QUERY = 1000;

    private final ReadModelWriter readModels;

    public Slices(ReadModelWriter readModels) {
        this.readModels = readModels;
    }

    /** The agent asked for, or every agent seen. */
    public Flux<String> agents(CollectionSource from, String agentId) {
        if (agentId != null) {
            return Flux.just(agentId);
        }
        return Flux.from(from.collection(MetricsProjection.WATERMARKS).find()
                        .projection(new Document("_id", 1)).batchSize(ReadModelWriter.SCAN_BATCH))
                .map(d -> d.getString("_id"));
    }

    /** Ids of an agent's slices starting in [from, to), one per {@code step}. */
    public static List<String> ids(String agent, Instant from, Instant to, Duration step) {
        List<String> ids = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            ids.add(MetricsProjection.sliceId(agent, t));
        }
        return ids;
    }

    /** The stored documents with these ids (missing ones are simply absent). */
    public Flux<Document> fetch(String collection, List<String> ids) {
        return fetch(readModels::collection, collection, ids);
    }

    public Flux<Document> fetch(CollectionSource from, String collection, List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY)));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> Flux.from(from.collection(collection)
                .find(Filters.in("_id", chunk)).batchSize(ReadModelWriter.SCAN_BATCH)));
    }

    /** The metric series of the agent's hourly (or daily) slices starting in [from, to). */
    public Flux<Document> series(CollectionSource source, String collection, String agent, Instant from, Instant to,
                                 Duration step) {
        return fetch(source, collection, ids(agent, from, to, step)).flatMapIterable(MetricsProjection::series);
    }
}
