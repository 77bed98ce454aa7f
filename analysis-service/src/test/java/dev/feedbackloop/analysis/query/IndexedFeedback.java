package dev.feedbackloop.analysis.query;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Feedback as the search index stores it and reads it back, for tests of code that reads the index. */
public final class IndexedFeedback {

    private IndexedFeedback() {
    }

    public static List<Document> stored(ReadModelWriter writer, List<FeedbackSubmitted> events) {
        FeedbackSearchProjection projection = new FeedbackSearchProjection(writer, new QueryLimits(writer, QuerySettings.DEFAULTS));
        events.forEach(projection::on);
        List<String> ids = events.stream().map(e -> e.feedbackId().value()).toList();
        List<Document> found = Flux.from(writer.collection(FeedbackSearchProjection.FEEDBACK).find(Filters.in("_id", ids)))
                .collectList().block(Duration.ofSeconds(10));
        return found.stream().sorted(Comparator.comparingInt(d -> ids.indexOf(d.getString("_id")))).toList();
    }
}
