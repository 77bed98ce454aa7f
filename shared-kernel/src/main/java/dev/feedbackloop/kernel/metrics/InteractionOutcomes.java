package dev.feedbackloop.kernel.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one fold of interactions (one trace of an agent: its root span's latency, error, tokens, cost, guardrail
 * triggers) into the {@link Metric.Source#INTERACTIONS} metrics. Counters and the latency histogram add up across
 * windows (a minute of one agent, version and intent, or any sum of them); per-time metrics divide by the window's
 * length; distinct users cannot be added, so they are counted by whoever knows the window and passed in.
 */
public final class InteractionOutcomes {

    /** What is counted. Cost is kept in millionths of the price table's currency, so sums stay exact. */
    public enum Counter { REQUESTS, ERRORS, INPUT_TOKENS, OUTPUT_TOKENS, COST_MICROS, GUARDRAIL_TRIGGERS }

    private final long[] counts = new long[Counter.values().length];
    private final LogHistogram latency = new LogHistogram();
    private final Map<String, Long> errorTypes = new TreeMap<>();

    /** One interaction. {@code errorType} may be null for an error of no known type. */
    public InteractionOutcomes add(long latencyMs, boolean error, String errorType, long inputTokens, long outputTokens,
                                   long costMicros, long guardrailTriggers) {
        add(Counter.REQUESTS, 1);
        latency.add(latencyMs);
        if (error) {
            add(Counter.ERRORS, 1);
            errorTypes.merge(errorType == null || errorType.isBlank() ? "unknown" : errorType, 1L, Long::sum);
        }
        add(Counter.INPUT_TOKENS, inputTokens);
        add(Counter.OUTPUT_TOKENS, outputTokens);
        add(Counter.COST_MICROS, costMicros);
        add(Counter.GUARDRAIL_TRIGGERS, guardrailTriggers);
        return this;
    }

    public InteractionOutcomes add(Counter counter, long amount) {
        counts[counter.ordinal()] += amount;
        return this;
    }

    public InteractionOutcomes addErrorType(String type, long n) {
        errorTypes.merge(type, n, Long::sum);
        return this;
    }

    public InteractionOutcomes add(InteractionOutcomes other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        latency.add(other.latency);
        other.errorTypes.forEach(this::addErrorType);
        return this;
    }

    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    /** The non-zero counters, for storing. */
    public Map<Counter, Long> counters() {
        Map<Counter, Long> out = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            if (counts[c.ordinal()] != 0) {
                out.put(c, counts[c.ordinal()]);
            }
        }
        return out;
    }

    public LogHistogram latency() {
        return latency;
    }

    /** Errors by type, for the error-distribution panel. */
    public Map<String, Long> errorTypes() {
        return java.util.Collections.unmodifiableMap(errorTypes);
    }

    public long requests() {
        return get(Counter.REQUESTS);
    }

    /**
     * The value of an interaction metric over a window of {@code window}'s length, or null without interactions
     * (per-time metrics are 0 then: nothing happened). {@link Metric#ACTIVE_USERS} is not folded here.
     */
    public Double value(Metric metric, Duration window) {
        long requests = requests();
        double minutes = window.toMillis() / 60_000.0;
        return switch (metric) {
            case ERROR_RATE -> requests == 0 ? null : (double) get(Counter.ERRORS) / requests;
            case P50_LATENCY_MS -> latency.percentile(0.50);
            case P95_LATENCY_MS -> latency.percentile(0.95);
            case P99_LATENCY_MS -> latency.percentile(0.99);
            case REQUESTS -> (double) requests;
            case TOKENS_PER_MINUTE -> (get(Counter.INPUT_TOKENS) + get(Counter.OUTPUT_TOKENS)) / minutes;
            case COST_PER_HOUR -> get(Counter.COST_MICROS) / 1e6 / (minutes / 60);
            case COST_PER_TASK -> requests == 0 ? null : get(Counter.COST_MICROS) / 1e6 / requests;
            case GUARDRAIL_TRIGGERS_PER_MINUTE -> get(Counter.GUARDRAIL_TRIGGERS) / minutes;
            default -> throw new IllegalArgumentException(metric.wireName() + " is not folded from interactions");
        };
    }

    /** How many interactions the metric rests on. */
    public long samples(Metric metric) {
        if (metric.source() != Metric.Source.INTERACTIONS) {
            throw new IllegalArgumentException(metric.wireName() + " is not folded from interactions");
        }
        return requests();
    }
}
