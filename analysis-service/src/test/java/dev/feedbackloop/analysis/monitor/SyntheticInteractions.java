package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.metrics.LogHistogram;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test double of the operational metrics projection: each agent's interactions are a function of the minute,
 * so weeks of them cost nothing to store. An agent's data exists in [start, end) and is visible up to a moving
 * point, so a test can play it live (moving the point) or back-filled (all of it at once).
 */
final class SyntheticInteractions implements InteractionHistory {

    /** One minute of an agent's interactions. */
    record Minute(long requests, long errors, long latencyMs, long guardrailTriggers, long costMicrosPerRequest) {
        static Minute quiet() {
            return new Minute(0, 0, 0, 0, 0);
        }
    }

    interface Shape {
        Minute at(Instant minute);
    }

    private record Agent(Instant start, Instant end, Shape shape, Instant visibleUpTo, Instant appliedAt) {
    }

    private final Map<String, Agent> agents = new ConcurrentHashMap<>();

    /** An agent whose interactions in [start, end) are all there at once (a back-fill). */
    void backFill(String agentId, Instant start, Instant end, Shape shape) {
        agents.put(agentId, new Agent(start, end, shape, end, Instant.now()));
    }

    /** An agent whose interactions arrive live: nothing is visible until {@link #showUpTo}. */
    void live(String agentId, Instant start, Instant end, Shape shape) {
        agents.put(agentId, new Agent(start, end, shape, start, Instant.now()));
    }

    void showUpTo(String agentId, Instant upTo) {
        agents.computeIfPresent(agentId, (id, a) -> new Agent(a.start(), a.end(), a.shape(), upTo, Instant.now()));
    }

    @Override
    public List<Activity> agents() {
        List<Activity> out = new ArrayList<>();
        agents.forEach((id, a) -> {
            Instant upTo = a.visibleUpTo().isBefore(a.end()) ? a.visibleUpTo() : a.end();
            if (upTo.isAfter(a.start())) {
                out.add(new Activity(id, a.start(), upTo.minusSeconds(1), a.appliedAt()));
            }
        });
        return out;
    }

    static InteractionOutcomes outcomes(Minute m) {
        InteractionOutcomes o = new InteractionOutcomes();
        if (m.requests() == 0) {
            return o;
        }
        o.add(InteractionOutcomes.Counter.REQUESTS, m.requests());
        o.add(InteractionOutcomes.Counter.ERRORS, m.errors());
        if (m.errors() > 0) {
            o.addErrorType("timeout", m.errors());
        }
        o.add(InteractionOutcomes.Counter.COST_MICROS, m.requests() * m.costMicrosPerRequest());
        o.add(InteractionOutcomes.Counter.GUARDRAIL_TRIGGERS, m.guardrailTriggers());
        o.latency().addBin(LogHistogram.binOf(m.latencyMs()), m.requests());
        return o;
    }

    private InteractionOutcomes minute(Agent a, Instant m) {
        Instant visible = a.visibleUpTo().isBefore(a.end()) ? a.visibleUpTo() : a.end();
        if (m.isBefore(a.start()) || !m.isBefore(visible)) {
            return new InteractionOutcomes();
        }
        return outcomes(a.shape().at(m));
    }

    @Override
    public Window outcomes(String agentId, String agentVersion, String intentCategory, Instant from, Instant to) {
        InteractionOutcomes total = new InteractionOutcomes();
        Agent a = agents.get(agentId);
        if (a != null && intentCategory == null) {
            for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
                total.add(minute(a, m));
            }
        }
        return new Window(total, 0);
    }

    @Override
    public List<Series> minutes(String agentId, Instant from, Instant to) {
        List<Series> out = new ArrayList<>();
        Agent a = agents.get(agentId);
        if (a == null) {
            return out;
        }
        for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            InteractionOutcomes o = minute(a, m);
            if (o.requests() > 0) {
                out.add(new Series(m, "1.0", null, o));
            }
        }
        return out;
    }

    @Override
    public List<Series> hours(String agentId, Instant from, Instant to) {
        List<Series> out = new ArrayList<>();
        Agent a = agents.get(agentId);
        if (a == null) {
            return out;
        }
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            InteractionOutcomes total = new InteractionOutcomes();
            for (int i = 0; i < 60; i++) {
                total.add(minute(a, h.plus(Duration.ofMinutes(i))));
            }
            if (total.requests() > 0) {
                out.add(new Series(h, "1.0", null, total));
            }
        }
        return out;
    }
}
