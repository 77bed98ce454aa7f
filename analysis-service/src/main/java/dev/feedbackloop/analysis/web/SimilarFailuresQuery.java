package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindSimilarFailures;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/** The failures nearest in meaning to a text or to a stored failure (one of the two), of one agent or of all. */
@ApiQuery
public record SimilarFailuresQuery(@Size(max = SimilarFailuresQuery.MAX_TEXT) @Printable(rule = "format") String text,
                                   @WellFormedId(rule = "identifier") String feedbackId,
                                   @WellFormedId(rule = "identifier") String agentId,
                                   @Range(min = 1, max = SimilarFailuresQuery.MAX_LIMIT) Long limit) implements RequestRules {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_TEXT = 2_000;

    @Override
    public void check(Violations violations, Context context) {
        if (hasText() == (feedbackId != null)) {
            violations.add("text", "one_of", "give either text or feedback_id");
        }
    }

    private boolean hasText() {
        return text != null && !text.isBlank();
    }

    FindSimilarFailures query() {
        return new FindSimilarFailures(hasText() ? text.strip() : null, feedbackId, agentId,
                limit == null ? DEFAULT_LIMIT : limit.intValue());
    }
}
