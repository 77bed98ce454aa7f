package dev.feedbackloop.analysis.limits;

import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;

/**
 * Where a reader gets its collections: a {@link QueryDeadline} for a request, the writer itself
 * ({@code writer::collection}) for background work, which has the store's own timeouts.
 */
@FunctionalInterface
public interface CollectionSource {

    MongoCollection<Document> collection(String name);
}
