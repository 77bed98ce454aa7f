package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.metrics.InteractionOutcomes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor reads of the agents' interactions (traces) to evaluate rules on the operational metrics
 * ({@link dev.feedbackloop.kernel.metrics.Metric.Source#INTERACTIONS}). The operational metrics projection provides
 * it; without one ({@link #NONE}) those rules see no data and never hold.
 * <p>
 * Only {@link #agents()} and {@link #outcomes} are required. The monitor reads a scope's minutes and hours in bulk
 * through {@link #minutes} and {@link #hours}; their defaults ask {@link #outcomes} minute by minute (and so know
 * only the agent as a whole, not its versions and intents): a store that keeps series per minute should answer them
 * directly.
 */
public interface InteractionHistory {

    /** No interactions known: operational rules never hold. */
    InteractionHistory NONE = new InteractionHistory() {
        @Override
        public List<Activity> agents() {
            return List.of();
        }

        @Override
        public Window outcomes(String agentId, String agentVersion, String intentCategory, Instant from, Instant to) {
            return new Window(new InteractionOutcomes(), 0);
        }
    };

    /**
     * An agent with interactions: the earliest and latest event time folded so far and the wall-clock time of the
     * latest fold, which tell the monitor up to when the agent's minutes are complete.
     */
    record Activity(String agentId, Instant firstEventTime, Instant maxEventTime, Instant lastAppliedAt) {
    }

    /** The interactions of a scope over a window, and the distinct users among them. */
    record Window(InteractionOutcomes outcomes, long activeUsers) {
    }

    /** The interactions of one agent version and intent (null when not known) in the period starting at {@code start}. */
    record Series(Instant start, String agentVersion, String intentCategory, InteractionOutcomes outcomes) {
    }

    /** Every agent with interactions. */
    List<Activity> agents();

    /**
     * The interaction outcomes of an agent, or one version or intent of it (null for all), over [from, to): whole
     * minutes in event time.
     */
    Window outcomes(String agentId, String agentVersion, String intentCategory, Instant from, Instant to);

    /** The agent's interactions per series and minute in [from, to); minutes without any are left out. */
    default List<Series> minutes(String agentId, Instant from, Instant to) {
        List<Series> out = new ArrayList<>();
        for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            InteractionOutcomes outcomes = outcomes(agentId, null, null, m, m.plus(Duration.ofMinutes(1))).outcomes();
            if (outcomes.requests() > 0) {
                out.add(new Series(m, null, null, outcomes));
            }
        }
        return out;
    }

    /** The agent's interactions per series and hour in [from, to) (whole hours); hours without any are left out. */
    default List<Series> hours(String agentId, Instant from, Instant to) {
        Map<String, Series> byHour = new LinkedHashMap<>();
        for (Series m : minutes(agentId, from, to)) {
            Instant hour = m.start().truncatedTo(ChronoUnit.HOURS);
            byHour.computeIfAbsent(hour + "|" + m.agentVersion() + "|" + m.intentCategory(),
                    k -> new Series(hour, m.agentVersion(), m.intentCategory(), new InteractionOutcomes()))
                    .outcomes().add(m.outcomes());
        }
        return List.copyOf(byHour.values());
    }
}
