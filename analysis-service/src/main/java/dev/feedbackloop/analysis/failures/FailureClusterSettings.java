package dev.feedbackloop.analysis.failures;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How failures are clustered ({@code platform.clustering.*}, e.g. {@code PLATFORM_CLUSTERING_WINDOW=14d}).
 *
 * @param enabled       whether this instance runs the tracker (with several instances, let one do it)
 * @param interval      an agent with new feedback is clustered again at least this often (wall clock)
 * @param checkInterval how often (wall clock) the tracker looks for agents to cluster
 * @param newFailures   an agent is clustered again, before the interval is over, once this many new failures arrived
 * @param window        the sliding window clustered (event time), ending at the agent's latest feedback
 * @param maxStep       a run's window moves on by at most this much (event time): a back-fill is clustered step by
 *                      step, so failure modes that come and go within it are seen
 * @param resolveAfter  a cluster without a new member for this long (event time) is resolved
 * @param maxFailures   at most this many failures (the latest) are clustered in one run
 * @param failureWhen   what makes a feedback a failure (see {@link FailureSignal}); any one of them suffices
 */
@ConfigurationProperties("platform.clustering")
public record FailureClusterSettings(@DefaultValue("true") boolean enabled,
                                     @DefaultValue("15m") Duration interval,
                                     @DefaultValue("1m") Duration checkInterval,
                                     @DefaultValue("200") int newFailures,
                                     @DefaultValue("7d") Duration window,
                                     @DefaultValue("24h") Duration maxStep,
                                     @DefaultValue("72h") Duration resolveAfter,
                                     @DefaultValue("50000") int maxFailures,
                                     @DefaultValue({"thumbs_down", "low_rating", "not_completed", "escalated", "corrected",
                                             "failing_assessment"}) List<String> failureWhen) {

    static final Duration DAY = Duration.ofHours(24);

    public FailureClusterSettings {
        requirePositive("platform.clustering.interval", interval);
        requirePositive("platform.clustering.check-interval", checkInterval);
        requirePositive("platform.clustering.max-step", maxStep);
        requirePositive("platform.clustering.resolve-after", resolveAfter);
        if (window == null || window.compareTo(DAY) < 0) {
            throw new IllegalArgumentException("platform.clustering.window must be at least 24h (a cluster's size in the"
                    + " last 24 hours is read from it), was " + window);
        }
        if (maxStep.compareTo(window) > 0) {
            throw new IllegalArgumentException("platform.clustering.max-step must not exceed the window, was " + maxStep);
        }
        if (newFailures < 1) {
            throw new IllegalArgumentException("platform.clustering.new-failures must be at least 1, was " + newFailures);
        }
        if (maxFailures < 10) {
            throw new IllegalArgumentException("platform.clustering.max-failures must be at least 10, was " + maxFailures);
        }
        failureWhen = failureWhen == null ? List.of() : List.copyOf(failureWhen);
        List<String> unknown = new ArrayList<>();
        for (String name : failureWhen) {
            if (FailureSignal.fromWireName(name.strip()).isEmpty()) {
                unknown.add(name);
            }
        }
        if (failureWhen.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("platform.clustering.failure-when takes a comma-separated list of "
                    + String.join(", ", java.util.Arrays.stream(FailureSignal.values()).map(FailureSignal::wireName).toList())
                    + (unknown.isEmpty() ? "; it was empty" : "; unknown: " + String.join(", ", unknown)));
        }
    }

    public Set<FailureSignal> signals() {
        Set<FailureSignal> signals = EnumSet.noneOf(FailureSignal.class);
        failureWhen.forEach(name -> signals.add(FailureSignal.fromWireName(name.strip()).orElseThrow()));
        return signals;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
