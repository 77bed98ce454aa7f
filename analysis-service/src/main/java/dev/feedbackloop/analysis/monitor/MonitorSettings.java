package dev.feedbackloop.analysis.monitor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the monitors evaluate ({@code platform.monitor.*}, e.g. {@code PLATFORM_MONITOR_LATENESS=10m}).
 *
 * @param evaluationInterval how often (wall clock) the monitors look for hours to evaluate
 * @param lateness           how late feedback may arrive and still count for its hour: an hour is evaluated once
 *                           feedback this much later in event time has been seen
 * @param idleAfter          an agent that sent nothing for this long (wall clock) is evaluated up to the clock, so a
 *                           quiet system still evaluates
 * @param currentWindow      drift's current window, ending at the evaluated hour
 * @param referenceWindow    drift's trailing reference window, just before the current one
 * @param minSamples         feedback needed in each window for a PSI verdict
 * @param emptyBinShare      the share given to an empty bin so PSI stays finite
 * @param maxHoursPerRun     how many hours one agent evaluates per run (a long back-fill catches up over runs)
 * @param minCoverage        the share of a condition's duration whose steps must have enough data before it counts as
 *                           held that long, and the share of a baseline period the agent's data must span before a
 *                           drop, rise or ratio is measured against it (0.75: one hour of data is not "24 h")
 * @param minuteRetention    how long minute slices of feedback are kept behind the minute evaluation; it must cover
 *                           the longest look-back of the rules evaluated each minute
 */
@ConfigurationProperties("platform.monitor")
public record MonitorSettings(@DefaultValue("1m") Duration evaluationInterval,
                              @DefaultValue("5m") Duration lateness,
                              @DefaultValue("15m") Duration idleAfter,
                              @DefaultValue("24h") Duration currentWindow,
                              @DefaultValue("7d") Duration referenceWindow,
                              @DefaultValue("200") long minSamples,
                              @DefaultValue("0.0001") double emptyBinShare,
                              @DefaultValue("744") int maxHoursPerRun,
                              @DefaultValue("0.75") double minCoverage,
                              @DefaultValue("3d") Duration minuteRetention) {

    /** The settings as before minute rules: tests that care about neither coverage nor retention. */
    public MonitorSettings(Duration evaluationInterval, Duration lateness, Duration idleAfter, Duration currentWindow,
                           Duration referenceWindow, long minSamples, double emptyBinShare, int maxHoursPerRun) {
        this(evaluationInterval, lateness, idleAfter, currentWindow, referenceWindow, minSamples, emptyBinShare,
                maxHoursPerRun, 0.75, Duration.ofDays(3));
    }

    @ConstructorBinding
    public MonitorSettings {
        requireHours("platform.monitor.current-window", currentWindow);
        requireHours("platform.monitor.reference-window", referenceWindow);
        if (evaluationInterval.isNegative() || evaluationInterval.isZero()) {
            throw new IllegalArgumentException("platform.monitor.evaluation-interval must be positive, was " + evaluationInterval);
        }
        if (lateness.isNegative() || idleAfter.isNegative()) {
            throw new IllegalArgumentException("platform.monitor.lateness and idle-after must not be negative");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("platform.monitor.min-samples must be at least 1, was " + minSamples);
        }
        if (!(emptyBinShare > 0 && emptyBinShare < 1)) {
            throw new IllegalArgumentException("platform.monitor.empty-bin-share must be between 0 and 1, was " + emptyBinShare);
        }
        if (maxHoursPerRun < 1) {
            throw new IllegalArgumentException("platform.monitor.max-hours-per-run must be at least 1");
        }
        if (!(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("platform.monitor.min-coverage must be above 0 and at most 1, was " + minCoverage);
        }
        requireHours("platform.monitor.minute-retention", minuteRetention);
    }

    private static void requireHours(String name, Duration d) {
        if (d.isNegative() || d.isZero() || d.toMinutesPart() != 0 || d.toSecondsPart() != 0 || d.toNanosPart() != 0) {
            throw new IllegalArgumentException(name + " must be a positive whole number of hours, was " + d);
        }
    }
}
