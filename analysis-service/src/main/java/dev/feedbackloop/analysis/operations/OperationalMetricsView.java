package dev.feedbackloop.analysis.operations;

import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.metrics.Metric;

import java.time.Duration;

/**
 * The interaction metrics of a window (21.3.1's panels): rates and percentiles are null without interactions,
 * per-time values are over the window's whole length. Cost is in the price table's currency.
 */
public record OperationalMetricsView(long requests, long errors, Double errorRate, Double p50LatencyMs,
                                     Double p95LatencyMs, Double p99LatencyMs, long activeUsers, long inputTokens,
                                     long outputTokens, double tokensPerMinute, double cost, double costPerHour,
                                     Double costPerTask, long guardrailTriggers, double guardrailTriggersPerMinute) {

    static OperationalMetricsView of(Outcomes o, Duration window) {
        InteractionOutcomes f = o.outcomes();
        return new OperationalMetricsView(f.requests(), f.get(InteractionOutcomes.Counter.ERRORS),
                f.value(Metric.ERROR_RATE, window), f.value(Metric.P50_LATENCY_MS, window),
                f.value(Metric.P95_LATENCY_MS, window), f.value(Metric.P99_LATENCY_MS, window), o.users().count(),
                f.get(InteractionOutcomes.Counter.INPUT_TOKENS), f.get(InteractionOutcomes.Counter.OUTPUT_TOKENS),
                f.value(Metric.TOKENS_PER_MINUTE, window), f.get(InteractionOutcomes.Counter.COST_MICROS) / 1e6,
                f.value(Metric.COST_PER_HOUR, window), f.value(Metric.COST_PER_TASK, window),
                f.get(InteractionOutcomes.Counter.GUARDRAIL_TRIGGERS),
                f.value(Metric.GUARDRAIL_TRIGGERS_PER_MINUTE, window));
    }

    /** One metric's value, {@code active_users} included. */
    static Double value(Outcomes o, Metric metric, Duration window) {
        return metric == Metric.ACTIVE_USERS ? Double.valueOf(o.users().count()) : o.outcomes().value(metric, window);
    }
}
