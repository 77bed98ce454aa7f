package dev.feedbackloop.analysis.operations;

import dev.feedbackloop.analysis.monitor.InteractionHistory;
import dev.feedbackloop.support.config.PlatformProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operational metrics as the monitor reads them: its rules on error rate, latency, cost and guardrails see the
 * minute and hour slices of {@link OperationalMetrics}, per version and intent, read in bulk.
 */
@Component
public class OperationsHistory implements InteractionHistory {

    private final OperationalMetrics metrics;
    private final Duration timeout;

    public OperationsHistory(OperationalMetrics metrics, PlatformProperties properties) {
        this.metrics = metrics;
        this.timeout = properties.mongo().timeout().multipliedBy(4);
    }

    @Override
    public List<Activity> agents() {
        return metrics.agents()
                .map(a -> new Activity(a.agentId(), a.firstEventTime(), a.latestEventTime(), a.lastAppliedAt()))
                .collectList().block(timeout);
    }

    @Override
    public Window outcomes(String agentId, String agentVersion, String intentCategory, Instant from, Instant to) {
        OperationalMetrics.MinuteOutcomes minutes = metrics.minutes(agentId, agentVersion, intentCategory, from, to)
                .block(timeout);
        Outcomes all = minutes.between(minutes.from(), minutes.to());
        return new Window(all.outcomes(), all.users().count());
    }

    @Override
    public List<Series> minutes(String agentId, Instant from, Instant to) {
        return series(metrics.parts(OperationsProjection.MINUTES, new OperationalMetrics.Selector(agentId, null, null),
                from, to, OperationalMetrics.MINUTE, true, false).collectList().block(timeout));
    }

    @Override
    public List<Series> hours(String agentId, Instant from, Instant to) {
        return series(metrics.parts(OperationsProjection.HOURS, new OperationalMetrics.Selector(agentId, null, null),
                from, to, OperationalMetrics.HOUR, true, false).collectList().block(timeout));
    }

    private static List<Series> series(List<OperationalMetrics.Part> parts) {
        List<Series> out = new ArrayList<>(parts.size());
        for (OperationalMetrics.Part part : parts) {
            if (part.outcomes().outcomes().requests() > 0) {
                out.add(new Series(part.start(), part.agentVersion(), part.intentCategory(), part.outcomes().outcomes()));
            }
        }
        return out;
    }

}
