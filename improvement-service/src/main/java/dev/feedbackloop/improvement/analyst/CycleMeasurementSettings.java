package dev.feedbackloop.improvement.analyst;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.cycles.measurement.*}: how the cycle's analyst decides.
 * <ul>
 *     <li>{@code significance}: the alpha of every test (two-sided), default 0.05;</li>
 *     <li>{@code minimum-feedback}: feedback each version needs in its measured period, else the verdict is
 *     insufficient_data (default 30);</li>
 *     <li>{@code minimum-signals}: observations of a signal (completion reports, escalation reports, ratings) each side
 *     needs before a difference in it may count as significant (default 20; ratings also need
 *     {@link dev.feedbackloop.improvement.stats.MannWhitneyU#MIN_GROUP_SIZE}); also the minimum behind a proposed
 *     threshold and an intent in the deep-dive;</li>
 *     <li>{@code max-problems}: how many problems the deep-dive lists (default 10);</li>
 *     <li>{@code query-limit}: how many incidents, alerts or tickets of an agent the review reads (default 10000).</li>
 * </ul>
 */
@ConfigurationProperties("platform.cycles.measurement")
public record CycleMeasurementSettings(@DefaultValue("0.05") double significance,
                                       @DefaultValue("30") int minimumFeedback,
                                       @DefaultValue("20") int minimumSignals,
                                       @DefaultValue("10") int maxProblems,
                                       @DefaultValue("10000") int queryLimit) {

    public static final CycleMeasurementSettings DEFAULTS = new CycleMeasurementSettings(0.05, 30, 20, 10, 10_000);

    public CycleMeasurementSettings {
        require(significance > 0 && significance < 1, "significance",
                "must be between 0 and 1, exclusive (was " + significance + ")");
        require(minimumFeedback >= 1, "minimum-feedback", "must be at least 1 (was " + minimumFeedback + ")");
        require(minimumSignals >= 1, "minimum-signals", "must be at least 1 (was " + minimumSignals + ")");
        require(maxProblems >= 1, "max-problems", "must be at least 1 (was " + maxProblems + ")");
        require(queryLimit >= 1, "query-limit", "must be at least 1 (was " + queryLimit + ")");
    }

    private static void require(boolean condition, String property, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("platform.cycles.measurement." + property + " " + rule);
        }
    }
}
