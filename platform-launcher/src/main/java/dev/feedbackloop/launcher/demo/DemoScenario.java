package dev.feedbackloop.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the demo's agents do, hour by hour, as API payloads. Two agents: {@code support-bot}, whose story the demo
 * tells, and {@code sales-bot}, steady throughout (a baseline that meets no rule). The releases are placed in the
 * calendar, so that last week's improvement cycle, which the demo closes, always measures one ({@link Releases}); the
 * other stories are told in days before now:
 * <ul>
 *     <li>from the start: support-bot 3.1 runs well (task completion ~86 %, errors ~2 %, P95 ~1.8 s);</li>
 *     <li>last week's Monday 10:00 UTC minus 3 days: release 3.2 degrades it (completion ~64 %, errors ~8 %, latency
 *         1.7x, more escalations);</li>
 *     <li>last week's Monday 10:00 UTC: the fix, 3.3, is released; that week's cycle measures it improved;</li>
 *     <li>-5: a failure mode appears: refunds that never arrive, in many paraphrases;</li>
 *     <li>-4: input drift: prompts get much longer and more of them are in German;</li>
 *     <li>throughout, an LLM judge grades a sample of traces next to people; from -6 it passes answers people fail.</li>
 * </ul>
 * Deterministic for a seed, so a demo run and its test see the same stories.
 */
public final class DemoScenario {

    public static final String SUPPORT = "support-bot";
    public static final String SALES = "sales-bot";
    static final List<String> INTENTS = List.of("billing", "refunds", "shipping", "account");
    static final List<String> SALES_INTENTS = List.of("pricing", "demo_request", "upgrade");

    private static final List<String> REFUND_FAILURES = List.of(
            "my refund was never issued", "the refund still hasn't arrived after two weeks",
            "it said the refund was processed but I got nothing", "where is my money back? refund missing",
            "refund promised, never received", "you told me the refund went out but my bank shows nothing",
            "still waiting on the refund you confirmed", "the bot claims my refund is complete, it is not",
            "no refund on my card yet despite the confirmation", "refund status says done but no money");
    private static final List<String> BACKGROUND_FAILURES = List.of(
            "the answer was about the wrong order", "it kept asking me for my order number again",
            "could not change my shipping address", "the tracking link it gave me is broken",
            "it did not understand my question about invoices", "took forever and then gave up",
            "wrong delivery date given", "it logged me out while I was talking to it",
            "gave me the price in the wrong currency", "the answer was too generic to help");
    private static final List<String> PRAISE = java.util.Arrays.asList("quick and right", "solved it, thanks", "very helpful",
            "clear answer", "exactly what I needed", null, null, null);

    private final long seed;

    public DemoScenario(long seed) {
        this.seed = seed;
    }

    /**
     * When support-bot's releases happen, for a demo started at {@code anchor}: the fix on Monday 10:00 UTC of the ISO
     * week before the anchor's, the degrading release three days before it. That week's cycle (measured on Friday
     * 17:00) so sees the fix deployed early in its week and compares it with the release before it. The fix is 5.6 to
     * 13.6 days before the anchor, the degrading release 8.6 to 16.6: a history of 17 days or more holds both and 3.1
     * before them.
     */
    public record Releases(Instant degraded, Instant fixed) {

        public static Releases of(Instant anchor) {
            java.time.LocalDate lastWeek = anchor.atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(7)
                    .with(java.time.temporal.ChronoField.DAY_OF_WEEK, 1);
            Instant fixed = lastWeek.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
            return new Releases(fixed.minus(Duration.ofDays(3)), fixed);
        }

        public String versionAt(Instant at) {
            return at.isBefore(degraded) ? "3.1" : at.isBefore(fixed) ? "3.2" : "3.3";
        }
    }

    /**
     * One hour of traffic of both agents: feedback items, root spans (OTLP JSON, per agent and version), assessments.
     * The same hour always gives the same traffic; {@code anchor} is the demo's "now" the stories are told against.
     */
    public Hour hour(Instant hourStart, Instant anchor, int feedbackPerHour) {
        Random random = new Random(seed ^ hourStart.getEpochSecond());
        Releases releases = Releases.of(anchor);
        Hour out = new Hour(new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>());
        int daily = dailyShape(hourStart);
        int support = Math.max(1, feedbackPerHour * daily / 10);
        for (int i = 0; i < support; i++) {
            Instant at = hourStart.plusSeconds(random.nextInt(3600));
            supportInteraction(out, random, at, releases.versionAt(at), Duration.between(at, anchor).toMinutes() / 1440.0, i);
        }
        int sales = Math.max(1, support / 2);
        for (int i = 0; i < sales; i++) {
            salesInteraction(out, random, hourStart.plusSeconds(random.nextInt(3600)), i);
        }
        return out;
    }

    /** More traffic in the working day than at night: a tenth of the hourly rate per unit. */
    static int dailyShape(Instant hourStart) {
        int hour = hourStart.atZone(java.time.ZoneOffset.UTC).getHour();
        return hour >= 8 && hour < 20 ? 14 : hour >= 6 && hour < 23 ? 8 : 3;
    }

    private void supportInteraction(Hour out, Random random, Instant at, String version, double daysAgo, int i) {
        boolean degraded = version.equals("3.2");
        boolean fixed = version.equals("3.3");
        String intent = INTENTS.get(random.nextInt(INTENTS.size()));
        double success = degraded ? 0.64 : fixed ? 0.90 : 0.86;
        boolean refundMode = daysAgo <= 5 && daysAgo > 1.5 && intent.equals("refunds") && random.nextDouble() < 0.7;
        boolean ok = !refundMode && random.nextDouble() < success;
        String trace = traceId(random);
        String user = "u" + random.nextInt(400);
        boolean drift = daysAgo <= 4;
        long promptLength = Math.round(drift ? 900 + random.nextGaussian() * 250 : 320 + random.nextGaussian() * 90);
        String language = random.nextDouble() < (drift ? 0.45 : 0.08) ? "de" : "en";

        Map<String, Object> explicit = new LinkedHashMap<>();
        if (random.nextDouble() < 0.8) {
            explicit.put("rating", ok ? 4 + random.nextInt(2) : 1 + random.nextInt(2));
        } else {
            explicit.put("thumbs", ok ? "up" : "down");
        }
        String comment = ok ? PRAISE.get(random.nextInt(PRAISE.size()))
                : refundMode ? REFUND_FAILURES.get(random.nextInt(REFUND_FAILURES.size()))
                : BACKGROUND_FAILURES.get(random.nextInt(BACKGROUND_FAILURES.size()));
        if (comment != null) {
            explicit.put("comment", comment);
        }
        Map<String, Object> implicit = new LinkedHashMap<>();
        implicit.put("task_completed", ok);
        implicit.put("follow_up_required", !ok && random.nextDouble() < 0.5);
        implicit.put("time_to_completion_ms", Math.max(300, Math.round((degraded ? 9000 : 5200) * (0.6 + random.nextDouble()))));
        implicit.put("retry_count", ok ? 0 : random.nextInt(3));
        implicit.put("escalated_to_human", !ok && random.nextDouble() < (degraded ? 0.45 : 0.2));
        out.feedback().add(feedback(trace, at, user, explicit, implicit, SUPPORT, version, intent,
                Map.of("prompt_length", Math.max(20, promptLength), "language", language)));

        boolean error = random.nextDouble() < (degraded ? 0.08 : 0.02);
        long latency = Math.round((degraded ? 1.7 : 1.0) * (600 + Math.abs(random.nextGaussian()) * 700));
        out.spans().computeIfAbsent(SUPPORT + "|" + version, k -> new ArrayList<>())
                .add(span(trace, random, at, latency, error, error ? (random.nextBoolean() ? "tool_timeout" : "rate_limited") : null,
                        intent, user, "gpt-4o-mini", 700 + (drift ? 1800 : 0) + random.nextInt(400), 150 + random.nextInt(250),
                        random.nextDouble() < 0.01 ? 1 : 0));

        if (i % 6 == 0) {
            boolean humanPass = ok;
            boolean judgeDrifted = daysAgo <= 6;
            boolean judgePass = judgeDrifted ? (ok || random.nextDouble() < 0.7) : (random.nextDouble() < 0.93 ? ok : !ok);
            out.assessments().add(new Assessment(trace, at, assessment("correctness", judgePass, "LLM_JUDGE", "gpt-4o-judge",
                    judgePass ? "The answer addresses the question." : "The answer misses the user's request.")));
            out.assessments().add(new Assessment(trace, at, assessment("correctness", humanPass, "HUMAN", "reviewer-" + random.nextInt(3), null)));
        }
    }

    private void salesInteraction(Hour out, Random random, Instant at, int i) {
        String intent = SALES_INTENTS.get(random.nextInt(SALES_INTENTS.size()));
        boolean ok = random.nextDouble() < 0.88;
        String trace = traceId(random);
        String user = "s" + random.nextInt(200);
        Map<String, Object> explicit = new LinkedHashMap<>();
        explicit.put("rating", ok ? 4 + random.nextInt(2) : 2 + random.nextInt(2));
        Map<String, Object> implicit = Map.of("task_completed", ok, "retry_count", 0, "escalated_to_human", false);
        out.feedback().add(feedback(trace, at, user, explicit, implicit, SALES, "1.4", intent,
                Map.of("prompt_length", Math.max(20, Math.round(250 + random.nextGaussian() * 60)), "language", "en")));
        out.spans().computeIfAbsent(SALES + "|1.4", k -> new ArrayList<>())
                .add(span(trace, random, at, Math.round(500 + Math.abs(random.nextGaussian()) * 500), random.nextDouble() < 0.015,
                        null, intent, user, "gpt-4o-mini", 500 + random.nextInt(300), 120 + random.nextInt(200), 0));
    }

    private static Map<String, Object> feedback(String trace, Instant at, String user, Map<String, Object> explicit,
                                                Map<String, Object> implicit, String agent, String version, String intent,
                                                Map<String, Object> features) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("agent_id", agent);
        metadata.put("agent_version", version);
        metadata.put("intent_category", intent);
        metadata.put("tools_used", List.of(intent.equals("refunds") ? "payments_api" : "crm_lookup"));
        metadata.put("input_features", features);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("trace_id", trace);
        item.put("timestamp", at.toString());
        item.put("user_id", user);
        item.put("session_id", "sess-" + trace.substring(0, 8));
        item.put("explicit_feedback", explicit);
        item.put("implicit_signals", implicit);
        item.put("metadata", metadata);
        return item;
    }

    private static Map<String, Object> span(String trace, Random random, Instant end, long latencyMs, boolean error,
                                            String errorType, String intent, String user, String model, long in, long out,
                                            int guardrails) {
        long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
        List<Map<String, Object>> attributes = new ArrayList<>(List.of(
                attribute("gen_ai.operation.name", "invoke_agent"), attribute("gen_ai.request.model", model),
                attribute("gen_ai.agent.intent", intent), attribute("user.id", user),
                intAttribute("gen_ai.usage.input_tokens", in), intAttribute("gen_ai.usage.output_tokens", out)));
        if (errorType != null) {
            attributes.add(attribute("error.type", errorType));
        }
        if (guardrails > 0) {
            attributes.add(intAttribute("gen_ai.guardrail.triggers", guardrails));
        }
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("traceId", trace);
        span.put("spanId", HexFormat.of().formatHex(longBytes(random.nextLong() | 1)));
        span.put("name", "invoke_agent");
        span.put("kind", 2);
        span.put("startTimeUnixNano", String.valueOf(endNanos - latencyMs * 1_000_000L));
        span.put("endTimeUnixNano", String.valueOf(endNanos));
        span.put("attributes", attributes);
        span.put("status", Map.of("code", error ? 2 : 1));
        return span;
    }

    private static Map<String, Object> assessment(String name, boolean pass, String sourceType, String sourceId, String rationale) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("assessment_name", name);
        a.put("value", pass ? "yes" : "no");
        a.put("source", Map.of("source_type", sourceType, "source_id", sourceId));
        if (rationale != null) {
            a.put("rationale", rationale);
        }
        return a;
    }

    static Map<String, Object> attribute(String key, String value) {
        return Map.of("key", key, "value", Map.of("stringValue", value));
    }

    static Map<String, Object> intAttribute(String key, long value) {
        return Map.of("key", key, "value", Map.of("intValue", String.valueOf(value)));
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    private static String traceId(Random random) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putLong(random.nextLong() | 1).putLong(random.nextLong()).array());
    }

    /** The OTLP JSON export of one agent version's root spans. */
    public static Map<String, Object> export(String agentAndVersion, List<Map<String, Object>> spans) {
        String[] parts = agentAndVersion.split("\\|");
        Map<String, Object> resource = Map.of("attributes", List.of(attribute("service.name", parts[0]),
                attribute("service.version", parts[1])));
        return Map.of("resourceSpans", List.of(Map.of("resource", resource,
                "scopeSpans", List.of(Map.of("scope", Map.of("name", "feedbackloop-demo"), "spans", spans)))));
    }

    /** The first hour the demo fills, {@code days} before {@code now}. */
    public static Instant start(Instant now, int days) {
        return now.minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.HOURS);
    }

    public record Assessment(String traceId, Instant at, Map<String, Object> body) {
    }

    public record Hour(List<Map<String, Object>> feedback, Map<String, List<Map<String, Object>>> spans,
                       List<Assessment> assessments) {

        /** What of this hour happened in {@code (from, to]}. */
        public Hour between(Instant from, Instant to) {
            java.util.function.Predicate<Instant> in = t -> t.isAfter(from) && !t.isAfter(to);
            Map<String, List<Map<String, Object>>> spansIn = new LinkedHashMap<>();
            spans.forEach((k, v) -> {
                List<Map<String, Object>> kept = v.stream().filter(s -> in.test(endOf(s))).toList();
                if (!kept.isEmpty()) {
                    spansIn.put(k, kept);
                }
            });
            return new Hour(feedback.stream().filter(f -> in.test(Instant.parse((String) f.get("timestamp")))).toList(),
                    spansIn, assessments.stream().filter(a -> in.test(a.at())).toList());
        }

        private static Instant endOf(Map<String, Object> span) {
            long nanos = Long.parseLong((String) span.get("endTimeUnixNano"));
            return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        }

        public static Hour empty() {
            return new Hour(List.of(), Map.of(), List.of());
        }

        /** This and {@code other} together, spans still grouped by agent version. */
        public Hour plus(Hour other) {
            List<Map<String, Object>> f = new ArrayList<>(feedback);
            f.addAll(other.feedback());
            Map<String, List<Map<String, Object>>> s = new LinkedHashMap<>();
            spans.forEach((k, v) -> s.put(k, new ArrayList<>(v)));
            other.spans().forEach((k, v) -> s.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            List<Assessment> a = new ArrayList<>(assessments);
            a.addAll(other.assessments());
            return new Hour(f, s, a);
        }
    }
}
