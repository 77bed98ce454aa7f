package dev.feedbackloop.improvement.analyst;

import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes.Counter;
import org.bson.Document;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The field names of the {@link FeedbackOutcomes} counters in the cycle's outcome slices
 * ({@link FeedbackOutcomesProjection}): the names the slices have been written with since the cycle's first release,
 * so the stored slices read on without a rebuild. The follow-up counters are not stored: the cycle compares no
 * follow-up metric, and the slices already stored would be without them.
 */
final class StoredOutcomes {

    static final Map<Counter, String> FIELDS;

    static {
        Map<Counter, String> fields = new EnumMap<>(Counter.class);
        fields.put(Counter.FEEDBACK, "n");
        fields.put(Counter.COMPLETED, "completed");
        fields.put(Counter.COMPLETION_REPORTS, "completed_n");
        fields.put(Counter.ESCALATED, "escalated");
        fields.put(Counter.ESCALATION_REPORTS, "escalated_n");
        fields.put(Counter.RETRIED, "retried");
        fields.put(Counter.RETRY_REPORTS, "retried_n");
        fields.put(Counter.RETRY_SUM, "retry_sum");
        fields.put(Counter.RATING_1, "r1");
        fields.put(Counter.RATING_2, "r2");
        fields.put(Counter.RATING_3, "r3");
        fields.put(Counter.RATING_4, "r4");
        fields.put(Counter.RATING_5, "r5");
        fields.put(Counter.THUMBS_UP, "thumbs_up");
        fields.put(Counter.THUMBS_DOWN, "thumbs_down");
        fields.put(Counter.NEGATIVE, "negative");
        FIELDS = Collections.unmodifiableMap(fields);
    }

    private StoredOutcomes() {
    }

    /** Adds the counters stored in {@code stored} to {@code into}. */
    static FeedbackOutcomes addStored(FeedbackOutcomes into, Document stored) {
        FIELDS.forEach((counter, field) -> {
            if (stored.get(field) instanceof Number n) {
                into.add(counter, n.longValue());
            }
        });
        return into;
    }

    /** Adds {@code counts} to the counters stored in {@code stored}. */
    static void addTo(Document stored, FeedbackOutcomes counts) {
        counts.counters().forEach((counter, n) -> {
            String field = FIELDS.get(counter);
            if (field != null) {
                stored.put(field, (stored.get(field) instanceof Number old ? old.longValue() : 0) + n);
            }
        });
    }
}
