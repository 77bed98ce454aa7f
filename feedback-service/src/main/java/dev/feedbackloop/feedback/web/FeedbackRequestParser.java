package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.kernel.common.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackContent;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.serialization.StoredFormat;
import dev.feedbackloop.support.web.FieldError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one JSON feedback (the specification's schema, snake_case) into a {@link SubmitFeedback}, or into the
 * list of every rule it breaks.
 */
final class FeedbackRequestParser {

    static final Set<String> TOP_LEVEL = Set.of("feedback_id", "trace_id", "timestamp", "user_id", "session_id",
            "explicit_feedback", "implicit_signals", "metadata");
    static final Set<String> EXPLICIT = Set.of("rating", "thumbs", "comment", "correction");
    static final Set<String> IMPLICIT = Set.of("task_completed", "follow_up_required", "time_to_completion_ms",
            "retry_count", "escalated_to_human");
    static final int MAX_TOOLS = 100;
    static final int MAX_FEATURES = 100;
    static final int MAX_ATTRIBUTES = 50;

    /** Either a command or the errors that prevent one. */
    record Parsed(SubmitFeedback command, String feedbackId, List<FieldError> errors) {
        boolean valid() {
            return command != null;
        }
    }

    private final IdSource ids;
    private final Duration maxClockSkew;

    FeedbackRequestParser(IdSource ids, Duration maxClockSkew) {
        this.ids = ids;
        this.maxClockSkew = maxClockSkew;
    }

    Parsed parse(JsonNode root, Instant receivedAt) {
        JsonValues v = new JsonValues();
        if (root == null || !root.isObject()) {
            v.reject("", "type", "a feedback must be a JSON object");
            return new Parsed(null, null, v.errors());
        }
        v.onlyKnownFields(root, "", TOP_LEVEL);
        String feedbackId = v.identifier(root, "feedback_id", "");
        if (feedbackId != null && Streams.isNamespaced(feedbackId)) {
            v.reject("feedback_id", "reserved_prefix", "must not start with " + String.join(", ", Streams.NAMESPACES)
                    + " (the event streams of traces, models and agent monitors)");
            feedbackId = null;
        }
        String traceId = v.identifier(root, "trace_id", "");
        if (traceId == null && !root.hasNonNull("trace_id")) {
            v.reject("trace_id", "required", "is required");
        }
        Instant clientTimestamp = timestamp(root, v, receivedAt);
        String userId = v.string(root, "user_id", "", JsonValues.MAX_NAME_LENGTH);
        String sessionId = v.string(root, "session_id", "", JsonValues.MAX_NAME_LENGTH);
        ExplicitFeedback explicit = explicit(v.object(root.get("explicit_feedback"), "explicit_feedback"), v);
        ImplicitSignals implicit = implicit(v.object(root.get("implicit_signals"), "implicit_signals"), v);
        FeedbackMetadata metadata = metadata(v.object(root.get("metadata"), "metadata"), v);
        boolean anySignal = (explicit != null && explicit.carriesSignal()) || (implicit != null && implicit.carriesSignal());
        if (!anySignal && v.errors().isEmpty()) {
            v.reject("", "at_least_one_signal",
                    "a feedback must carry at least one explicit_feedback or implicit_signals value");
        }
        if (!v.errors().isEmpty()) {
            return new Parsed(null, feedbackId, v.errors());
        }
        String id = feedbackId != null ? feedbackId : ids.next("fb-");
        FeedbackContent content = new FeedbackContent(TraceId.of(traceId),
                clientTimestamp != null ? clientTimestamp : receivedAt, userId, sessionId, explicit, implicit, metadata);
        String fingerprint = fingerprint(content, clientTimestamp != null);
        return new Parsed(new SubmitFeedback(FeedbackId.of(id), content, fingerprint, receivedAt), id, List.of());
    }

    private Instant timestamp(JsonNode root, JsonValues v, Instant receivedAt) {
        String text = v.string(root, "timestamp", "", 64);
        if (text == null) {
            return null;
        }
        Instant timestamp;
        try {
            timestamp = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            v.reject("timestamp", "format", "must be an ISO-8601 date-time with offset, such as 2026-11-28T09:15:00Z");
            return null;
        }
        if (timestamp.isAfter(receivedAt.plus(maxClockSkew))) {
            v.reject("timestamp", "not_in_future", "must not be more than " + maxClockSkew.toMinutes()
                    + " minutes after the time it is received");
            return null;
        }
        if (timestamp.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            v.reject("timestamp", "range", "must not be before 2000-01-01");
            return null;
        }
        return timestamp;
    }

    private static ExplicitFeedback explicit(JsonNode node, JsonValues v) {
        if (node == null) {
            return null;
        }
        String p = "explicit_feedback";
        v.onlyKnownFields(node, p, EXPLICIT);
        Long rating = v.integer(node, "rating", p, ExplicitFeedback.MIN_RATING, ExplicitFeedback.MAX_RATING);
        Thumbs thumbs = null;
        JsonNode t = node.get("thumbs");
        if (t != null && !t.isNull()) {
            if (t.isTextual() && (t.textValue().equals("up") || t.textValue().equals("down"))) {
                thumbs = Thumbs.fromWireName(t.textValue());
            } else {
                v.reject(p + ".thumbs", "enum", "must be \"up\", \"down\" or null");
            }
        }
        String comment = v.string(node, "comment", p, JsonValues.MAX_TEXT_LENGTH);
        String correction = v.string(node, "correction", p, JsonValues.MAX_TEXT_LENGTH);
        return new ExplicitFeedback(rating == null ? null : rating.intValue(), thumbs, comment, correction);
    }

    private static ImplicitSignals implicit(JsonNode node, JsonValues v) {
        if (node == null) {
            return null;
        }
        String p = "implicit_signals";
        v.onlyKnownFields(node, p, IMPLICIT);
        Boolean completed = v.bool(node, "task_completed", p);
        Boolean followUp = v.bool(node, "follow_up_required", p);
        Long time = v.integer(node, "time_to_completion_ms", p, 0, Long.MAX_VALUE);
        Long retries = v.integer(node, "retry_count", p, 0, Integer.MAX_VALUE);
        Boolean escalated = v.bool(node, "escalated_to_human", p);
        return new ImplicitSignals(completed, followUp, time, retries == null ? null : retries.intValue(), escalated);
    }

    private static FeedbackMetadata metadata(JsonNode node, JsonValues v) {
        if (node == null) {
            return FeedbackMetadata.EMPTY;
        }
        String p = "metadata";
        String agentId = v.string(node, "agent_id", p, JsonValues.MAX_NAME_LENGTH);
        String agentVersion = v.string(node, "agent_version", p, JsonValues.MAX_NAME_LENGTH);
        String intent = v.string(node, "intent_category", p, JsonValues.MAX_NAME_LENGTH);
        List<String> tools = v.strings(node, "tools_used", p, MAX_TOOLS, JsonValues.MAX_NAME_LENGTH);
        Map<String, Object> features = new LinkedHashMap<>();
        JsonNode f = v.object(node.get("input_features"), p + ".input_features");
        if (f != null) {
            if (f.size() > MAX_FEATURES) {
                v.reject(p + ".input_features", "max_items", "must have at most " + MAX_FEATURES + " features");
            }
            f.fields().forEachRemaining(e -> {
                JsonNode value = e.getValue();
                if (value.isNumber() || value.isTextual() || value.isBoolean() || value.isNull()) {
                    features.put(e.getKey(), v.plain(value, p + ".input_features." + e.getKey()));
                } else {
                    v.reject(p + ".input_features." + e.getKey(), "type", "must be a number, string, boolean or null");
                }
            });
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!Set.of("agent_id", "agent_version", "intent_category", "tools_used", "input_features").contains(e.getKey())) {
                attributes.put(e.getKey(), v.plain(e.getValue(), p + "." + e.getKey()));
            }
        });
        if (attributes.size() > MAX_ATTRIBUTES) {
            v.reject(p, "max_items", "must have at most " + MAX_ATTRIBUTES + " keys besides the named ones");
        }
        return new FeedbackMetadata(agentId, agentVersion, intent, tools, features, attributes);
    }

    /**
     * Identifies the content as the client sent it. A timestamp the server filled in is left out, so a retry
     * without a timestamp still matches the stored feedback.
     */
    static String fingerprint(FeedbackContent content, boolean clientTimestamp) {
        FeedbackContent basis = clientTimestamp ? content : new FeedbackContent(content.traceId(), Instant.EPOCH,
                content.userId(), content.sessionId(), content.explicitFeedback(), content.implicitSignals(),
                content.metadata());
        try {
            byte[] json = CANONICAL.writeValueAsString(basis).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint feedback", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL = StoredFormat.eventMapper()
            .copy().enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
}
