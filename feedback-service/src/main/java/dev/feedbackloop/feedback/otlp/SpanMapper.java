package dev.feedbackloop.feedback.otlp;

import dev.feedbackloop.feedback.interaction.PriceTable;
import dev.feedbackloop.kernel.common.StorableText;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an export request into one command per trace, keeping of each span only what the interaction is made of
 * (see {@link InteractionSpan}). A span that cannot be part of an interaction is rejected alone, with its reason,
 * and the others go on: OTLP's partial success.
 * <ul>
 *     <li>Tokens: {@code gen_ai.usage.input_tokens} / {@code output_tokens} (or the older {@code prompt_tokens} /
 *     {@code completion_tokens}), integers from 0 to 2^31-1.</li>
 *     <li>Model: {@code gen_ai.response.model}, else {@code gen_ai.request.model}.</li>
 *     <li>Error: status ERROR or an {@code error.type} attribute; its type is {@code error.type}, else the
 *     {@code exception.type} of the span's first {@code exception} event.</li>
 *     <li>Guardrail triggers: each configured event on the span, plus the configured count attribute.</li>
 * </ul>
 */
public final class SpanMapper {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final long MAX_COUNT = Integer.MAX_VALUE;
    static final double MAX_COST = 1_000_000;
    static final int MAX_CONTEXT_LENGTH = 256;
    static final int MAX_ERROR_TYPE_LENGTH = 128;
    static final String[] INPUT_TOKENS = {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"};
    static final String[] OUTPUT_TOKENS = {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"};
    static final String[] MODEL = {"gen_ai.response.model", "gen_ai.request.model"};
    static final String OPERATION = "gen_ai.operation.name";
    static final String ERROR_TYPE = "error.type";
    static final String EXCEPTION_EVENT = "exception";
    static final String EXCEPTION_TYPE = "exception.type";
    private static final int REMOTE_PARENT = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE
            | SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;
    private static final HexFormat HEX = HexFormat.of();

    private final OtlpSettings.Attributes names;
    private final Set<String> guardrailEvents;
    private final Set<String> agentOperations;
    private final Set<String> wanted = new HashSet<>();
    private final PriceTable prices;
    private final Duration maxClockSkew;

    public SpanMapper(OtlpSettings settings, PriceTable prices, Duration maxClockSkew) {
        this.names = settings.attributes();
        this.guardrailEvents = Set.copyOf(settings.guardrailEvents());
        this.agentOperations = Set.copyOf(settings.agentOperations());
        this.prices = prices;
        this.maxClockSkew = maxClockSkew;
        wanted.addAll(List.of(INPUT_TOKENS));
        wanted.addAll(List.of(OUTPUT_TOKENS));
        wanted.addAll(List.of(MODEL));
        wanted.addAll(List.of(OPERATION, ERROR_TYPE));
        for (List<String> list : List.of(names.agentId(), names.agentVersion(), names.intentCategory(), names.userId(),
                names.sessionId(), names.guardrailTriggers(), names.cost())) {
            wanted.addAll(list);
        }
    }

    /** The commands to store and the spans refused, by reason. */
    public record Mapped(List<RecordInteractionSpans> commands, Rejections rejections) {
    }

    /** Spans refused, counted by reason, with the first span of each reason as an example. */
    public static final class Rejections {
        private final Map<String, long[]> counts = new LinkedHashMap<>();
        private final Map<String, String> examples = new HashMap<>();
        private long total;

        public void add(String reason, String spanId, long n) {
            if (n <= 0) {
                return;
            }
            counts.computeIfAbsent(reason, r -> new long[1])[0] += n;
            if (spanId != null) {
                examples.putIfAbsent(reason, spanId);
            }
            total += n;
        }

        public long total() {
            return total;
        }

        /** An English sentence naming each reason, for {@code partial_success.error_message}. */
        public String message() {
            if (total == 0) {
                return "";
            }
            StringBuilder out = new StringBuilder().append(total).append(total == 1 ? " span was" : " spans were")
                    .append(" rejected: ");
            boolean first = true;
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                out.append(first ? "" : "; ").append(e.getValue()[0]).append(' ').append(e.getKey());
                String example = examples.get(e.getKey());
                if (example != null) {
                    out.append(" (e.g. span ").append(example).append(')');
                }
                first = false;
            }
            return out.append('.').toString();
        }
    }

    /** A span that cannot be part of an interaction. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    public Mapped map(ExportTraceServiceRequest request, Instant receivedAt) {
        Rejections rejections = new Rejections();
        Map<String, List<InteractionSpan>> byTrace = new LinkedHashMap<>();
        Instant latest = receivedAt.plus(maxClockSkew);
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, AnyValue> resource = pick(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    String spanId = id(span.getSpanId(), 8);
                    try {
                        String traceId = id(span.getTraceId(), 16);
                        if (traceId == null) {
                            throw new Refused("have no valid trace id (16 bytes, not all zero)");
                        }
                        if (spanId == null) {
                            throw new Refused("have no valid span id (8 bytes, not all zero)");
                        }
                        byTrace.computeIfAbsent(traceId, t -> new ArrayList<>())
                                .add(span(span, spanId, resource, latest));
                    } catch (Refused refused) {
                        rejections.add(refused.getMessage(), spanId, 1);
                    }
                }
            }
        }
        List<RecordInteractionSpans> commands = new ArrayList<>(byTrace.size());
        byTrace.forEach((traceId, spans) -> {
            Set<String> models = new HashSet<>();
            spans.forEach(s -> {
                if (s.model() != null) {
                    models.add(s.model());
                }
            });
            commands.add(new RecordInteractionSpans(TraceId.of(traceId), spans, prices.pricesOf(models), receivedAt));
        });
        return new Mapped(commands, rejections);
    }

    private InteractionSpan span(Span span, String spanId, Map<String, AnyValue> resource, Instant latest) {
        if (span.getStartTimeUnixNano() == 0 || span.getEndTimeUnixNano() == 0) {
            throw new Refused("have no start or end time");
        }
        Instant start = instant(span.getStartTimeUnixNano());
        Instant end = instant(span.getEndTimeUnixNano());
        if (start.isBefore(EARLIEST)) {
            throw new Refused("start before 2000-01-01");
        }
        if (end.isBefore(start)) {
            throw new Refused("end before they start (a negative duration)");
        }
        if (end.isAfter(latest)) {
            throw new Refused("end in the future (beyond the allowed clock skew)");
        }
        Map<String, AnyValue> own = pick(span.getAttributesList());
        boolean root = span.getParentSpanId().isEmpty() || (span.getFlags() & REMOTE_PARENT) == REMOTE_PARENT;
        String errorType = text(own, ERROR_TYPE);
        boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || errorType != null;
        long guardrails = 0;
        for (Span.Event event : span.getEventsList()) {
            if (guardrailEvents.contains(event.getName())) {
                guardrails++;
            }
            if (error && errorType == null && EXCEPTION_EVENT.equals(event.getName())) {
                errorType = text(pick(event.getAttributesList()), EXCEPTION_TYPE);
            }
        }
        for (String name : names.guardrailTriggers()) {
            Long n = count(own, name);
            if (n != null) {
                guardrails += n;
                break;
            }
        }
        if (errorType != null && errorType.length() > MAX_ERROR_TYPE_LENGTH) {
            errorType = errorType.substring(0, MAX_ERROR_TYPE_LENGTH);
        }
        String operation = text(own, OPERATION);
        Double cost = null;
        for (String name : names.cost()) {
            cost = cost(own, name);
            if (cost != null) {
                break;
            }
        }
        String name = span.getName().length() > MAX_CONTEXT_LENGTH ? span.getName().substring(0, MAX_CONTEXT_LENGTH) : span.getName();
        checkStorable(name, "name");
        return new InteractionSpan(spanId, root, name, start, end, error, errorType, first(own, MODEL),
                operation != null && agentOperations.contains(operation),
                firstCount(own, INPUT_TOKENS), firstCount(own, OUTPUT_TOKENS), cost, guardrails,
                context(own, resource, names.agentId()), context(own, resource, names.agentVersion()),
                context(own, resource, names.intentCategory()), context(own, resource, names.userId()),
                context(own, resource, names.sessionId()));
    }

    /** Only the attributes the mapping reads, so a span with hundreds of attributes costs no map of hundreds. */
    private Map<String, AnyValue> pick(List<KeyValue> attributes) {
        Map<String, AnyValue> out = new HashMap<>();
        for (KeyValue kv : attributes) {
            if (wanted.contains(kv.getKey()) || EXCEPTION_TYPE.equals(kv.getKey())) {
                out.putIfAbsent(kv.getKey(), kv.getValue());
            }
        }
        return out;
    }

    private String context(Map<String, AnyValue> own, Map<String, AnyValue> resource, List<String> candidates) {
        for (String name : candidates) {
            String value = text(own, name);
            if (value == null) {
                value = text(resource, name);
            }
            if (value != null) {
                if (value.length() > MAX_CONTEXT_LENGTH) {
                    throw new Refused("have a " + name + " longer than " + MAX_CONTEXT_LENGTH + " characters");
                }
                return value;
            }
        }
        return null;
    }

    private static String first(Map<String, AnyValue> attributes, String[] candidates) {
        for (String name : candidates) {
            String value = text(attributes, name);
            if (value != null) {
                return value.length() > MAX_CONTEXT_LENGTH ? value.substring(0, MAX_CONTEXT_LENGTH) : value;
            }
        }
        return null;
    }

    /** A text attribute (numbers and booleans as their text), or null when absent or empty. */
    private static String text(Map<String, AnyValue> attributes, String name) {
        AnyValue value = attributes.get(name);
        if (value == null) {
            return null;
        }
        String text = switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> null;
        };
        if (text == null || text.isBlank()) {
            return null;
        }
        checkStorable(text, name);
        return text;
    }

    private static void checkStorable(String text, String name) {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw new Refused("have a " + name + " that no store can hold (it " + problem + ")");
        }
    }

    private static long firstCount(Map<String, AnyValue> attributes, String[] candidates) {
        for (String name : candidates) {
            Long n = count(attributes, name);
            if (n != null) {
                return n;
            }
        }
        return 0;
    }

    /** A count: an integer (or a whole double) from 0 to 2^31-1. */
    private static Long count(Map<String, AnyValue> attributes, String name) {
        AnyValue value = attributes.get(name);
        if (value == null) {
            return null;
        }
        long n;
        if (value.hasIntValue()) {
            n = value.getIntValue();
        } else if (value.hasDoubleValue() && value.getDoubleValue() == Math.rint(value.getDoubleValue())
                && Math.abs(value.getDoubleValue()) <= 1e18) {
            n = (long) value.getDoubleValue();
        } else {
            throw new Refused("have a " + name + " that is not an integer");
        }
        if (n < 0 || n > MAX_COUNT) {
            throw new Refused("have a " + name + " outside 0 to 2^31-1");
        }
        return n;
    }

    /** A cost in the price table's currency: a finite number from 0 to a million. */
    private static Double cost(Map<String, AnyValue> attributes, String name) {
        AnyValue value = attributes.get(name);
        if (value == null) {
            return null;
        }
        double cost;
        if (value.hasDoubleValue()) {
            cost = value.getDoubleValue();
        } else if (value.hasIntValue()) {
            cost = value.getIntValue();
        } else {
            throw new Refused("have a " + name + " that is not a number");
        }
        if (!Double.isFinite(cost) || cost < 0 || cost > MAX_COST) {
            throw new Refused("have a " + name + " that is not a finite number from 0 to " + (long) MAX_COST);
        }
        return cost;
    }

    /** Lower-case hex of an id of the given length, or null when it is not one (wrong length, all zero). */
    static String id(com.google.protobuf.ByteString bytes, int length) {
        if (bytes.size() != length) {
            return null;
        }
        boolean zero = true;
        for (int i = 0; i < length && zero; i++) {
            zero = bytes.byteAt(i) == 0;
        }
        return zero ? null : HEX.formatHex(bytes.toByteArray());
    }

    static Instant instant(long unixNanos) {
        // fixed64 on the wire: values past 2262 read as negative longs
        if (unixNanos < 0) {
            return Instant.MAX;
        }
        return Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L);
    }
}
