package dev.feedbackloop.improvement.analyst;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cycle read models on an embedded server, fed by calling the projections' handlers as a processor would. */
final class CycleDataFixture implements AutoCloseable {

    final EmbeddedMongo server = new EmbeddedMongo(TestDatabases.newDataDir("cycle-data"));
    final MongoClient client = MongoClients.create(server.connectionString());
    final ReadModelWriter writer = new ReadModelWriter(client.getDatabase("cycle"), server, Duration.ofSeconds(30));
    final FeedbackOutcomesProjection outcomes = new FeedbackOutcomesProjection(writer);
    final FailureClustersProjection clusters = new FailureClustersProjection(writer);
    final CycleData data = new CycleData(writer);
    private long sequence;

    /** Applies the events as one processor batch (one unit of work), each with the next token. */
    void batch(List<?> events) {
        DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch")).execute(() -> events.forEach(this::apply));
    }

    /** Applies one event outside any batch with the given position, as a redelivery would. */
    void single(Object event, long position) {
        if (event instanceof FeedbackSubmitted f) {
            outcomes.on(f, new GlobalSequenceTrackingToken(position), "e-" + position);
        }
    }

    private void apply(Object event) {
        long position = sequence++;
        if (event instanceof FeedbackSubmitted f) {
            outcomes.on(f, new GlobalSequenceTrackingToken(position), "e-" + position);
        } else if (event instanceof FailureClusterDiscovered e) {
            clusters.on(e);
        } else if (event instanceof FailureClusterGrew e) {
            clusters.on(e);
        } else if (event instanceof FailureClusterReopened e) {
            clusters.on(e);
        } else if (event instanceof FailureClusterMerged e) {
            clusters.on(e);
        } else if (event instanceof FailureClusterSplit e) {
            clusters.on(e);
        } else if (event instanceof FailureClusterResolved e) {
            clusters.on(e);
        } else if (event instanceof DriftDetected e) {
            clusters.on(e);
        } else if (event instanceof DriftResolved e) {
            clusters.on(e);
        } else {
            throw new IllegalArgumentException("no handler for " + event);
        }
    }

    private static long ids;

    /** A feedback with the given outcome; null leaves a signal out. */
    static FeedbackSubmitted feedback(String agent, String version, String intent, Instant at, Boolean completed,
                                      Boolean escalated, Integer rating, Integer retries) {
        long id = ++ids;
        Thumbs thumbs = rating == null ? null : rating >= 4 ? Thumbs.UP : rating <= 2 ? Thumbs.DOWN : null;
        return new FeedbackSubmitted(FeedbackId.of("fb-" + id), TraceId.of("tr-" + id), at, "user-" + (id % 17),
                "s-" + id, new ExplicitFeedback(rating, thumbs, null, null),
                new ImplicitSignals(completed, null, null, retries, escalated),
                new FeedbackMetadata(agent, version, intent, List.of(), Map.of(), Map.of()), "fp-" + id, at);
    }

    /**
     * {@code count} feedback of a version, one every {@code step} from {@code start}: the first {@code completed} of
     * them completed, every one with index below {@code escalated} escalated, ratings cycling through {@code ratings}.
     */
    static List<FeedbackSubmitted> series(String agent, String version, String intent, Instant start, Duration step,
                                          int count, int completed, int escalated, int... ratings) {
        List<FeedbackSubmitted> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Integer rating = ratings.length == 0 ? null : ratings[i % ratings.length];
            out.add(feedback(agent, version, intent, start.plus(step.multipliedBy(i)), i < completed, i < escalated,
                    rating, i % 10 == 0 ? 1 : 0));
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
