package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Arrays;

/**
 * The metrics of a period (the last 7 days by default) per user segment: by {@code user_tenure} (the default) or by a
 * metadata key, {@code metadata.<key>} with nested keys separated by dots.
 */
@ApiQuery
public record SegmentsQuery(@YearRange Instant start, @YearRange Instant end,
                            @Schema(defaultValue = SegmentsQuery.USER_TENURE, example = "metadata.channel") String by,
                            @WellFormedId(rule = "identifier") String agentId) implements RequestRules {

    static final String USER_TENURE = "user_tenure";
    /** Stored metadata nests at most 32 levels deep. */
    static final int MAX_DEPTH = 32;

    @Override
    public void check(Violations violations, Context context) {
        if (by != null && !isSegmentKey(by)) {
            violations.add("by", "segment_key", "by is user_tenure or metadata.<key>, e.g. metadata.channel (at most "
                    + PathVariables.MAX_NAME_LENGTH + " characters and " + MAX_DEPTH + " levels)");
        }
    }

    String segmentKey() {
        return by == null ? USER_TENURE : by;
    }

    static boolean isSegmentKey(String by) {
        if (by.equals(USER_TENURE)) {
            return true;
        }
        if (!by.startsWith("metadata.") || by.length() > PathVariables.MAX_NAME_LENGTH || !Printable.Check.printable(by)) {
            return false;
        }
        String[] parts = by.split("\\.", -1);
        return parts.length <= MAX_DEPTH + 1 && Arrays.stream(parts).noneMatch(part -> part.isEmpty() || part.startsWith("$"));
    }
}
