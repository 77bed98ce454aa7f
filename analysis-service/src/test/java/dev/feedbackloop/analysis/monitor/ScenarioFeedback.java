package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weeks of generated feedback for one agent, 60 per hour, built so that every hourly rate is exact: 95 % of tasks
 * complete, except during an injected degradation (60 %); from an injected drift on, the intent mix changes and a
 * new intent appears. Everything else keeps the same distribution throughout.
 */
record ScenarioFeedback(String agentId, Instant start, Duration length, Instant degradedFrom, Instant degradedUntil,
                        Instant driftFrom) {

    static final int PER_HOUR = 60;

    List<FeedbackSubmitted> generate() {
        List<FeedbackSubmitted> all = new ArrayList<>();
        long hours = length.toHours();
        long g = 0;
        for (long h = 0; h < hours; h++) {
            Instant hour = start.plus(Duration.ofHours(h));
            for (int i = 0; i < PER_HOUR; i++, g++) {
                all.add(feedback(g, hour.plusSeconds(i * 60L)));
            }
        }
        return all;
    }

    FeedbackSubmitted feedback(long g, Instant at) {
        boolean degraded = !at.isBefore(degradedFrom) && at.isBefore(degradedUntil);
        boolean drifted = !at.isBefore(driftFrom);
        int d = (int) (g % 10);
        String intent = drifted
                ? (d < 2 ? "billing" : d < 4 ? "refunds" : d < 5 ? "shipping" : "cancellation")
                : (d < 6 ? "billing" : d < 8 ? "refunds" : "shipping");
        List<String> tools = switch ((int) (g % 3)) {
            case 0 -> List.of("crm_lookup");
            case 1 -> List.of("order_api");
            default -> List.of("crm_lookup", "order_api");
        };
        boolean completed = degraded ? g % 10 < 6 : g % 20 != 0;
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("prompt_length", 100 + (g * 37) % 400);
        features.put("channel", g % 4 == 0 ? "email" : "web");
        String id = agentId + "-" + g;
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), at, "u" + (g % 500), "s" + (g / 3),
                new ExplicitFeedback((int) (3 + g % 3), null, null, null),
                new ImplicitSignals(completed, false, 1000 + (g % 50) * 100, (int) (g % 2), false),
                new FeedbackMetadata(agentId, "1.0", intent, tools, features, Map.of("tier", g % 5 == 0 ? "pro" : "free")),
                "fp-" + id, at.plusMillis(20));
    }
}
