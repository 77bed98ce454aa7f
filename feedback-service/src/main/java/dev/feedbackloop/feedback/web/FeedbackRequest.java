package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackContent;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.serialization.StoredFormat;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.OtherFields;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One feedback in the specification's schema. Without {@code feedback_id} the server names it; without
 * {@code timestamp} the time it is received is its event time. At least one explicit or implicit signal is required.
 */
@ApiRequest
public record FeedbackRequest(@WellFormedId String feedbackId,
                              @NotNull TraceId traceId,
                              Instant timestamp,
                              @Size(max = 256) String userId,
                              @Size(max = 256) String sessionId,
                              Explicit explicitFeedback,
                              Implicit implicitSignals,
                              Metadata metadata) implements RequestRules {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** What the user said; each part optional. */
    @Schema(name = "ExplicitFeedbackRequest")
    public record Explicit(@Range(min = ExplicitFeedback.MIN_RATING, max = ExplicitFeedback.MAX_RATING) Integer rating,
                           Thumbs thumbs,
                           @Size(max = 10_000) String comment,
                           @Size(max = 10_000) String correction) {

        ExplicitFeedback value() {
            return new ExplicitFeedback(rating, thumbs, comment, correction);
        }
    }

    /** What the user did; each part optional. */
    @Schema(name = "ImplicitSignalsRequest")
    public record Implicit(Boolean taskCompleted,
                           Boolean followUpRequired,
                           @Min(0) Long timeToCompletionMs,
                           @Range(min = 0, max = Integer.MAX_VALUE) Long retryCount,
                           Boolean escalatedToHuman) {

        ImplicitSignals value() {
            return new ImplicitSignals(taskCompleted, followUpRequired, timeToCompletionMs,
                    retryCount == null ? null : retryCount.intValue(), escalatedToHuman);
        }
    }

    /**
     * The interaction's context. {@code agent_id} follows the id rule of every id the platform keys by (the analysis
     * side keys agent monitors and metrics by it); any other key is kept as it was sent.
     */
    @Schema(name = "FeedbackMetadataRequest")
    public record Metadata(@WellFormedId String agentId,
                           @Size(max = 256) String agentVersion,
                           @Size(max = 256) String intentCategory,
                           @Size(max = 100) List<String> toolsUsed,
                           @Size(max = 100) @Schema(description = "a flat object of numbers, strings and booleans")
                           Map<String, Object> inputFeatures,
                           @OtherFields Map<String, Object> attributes) implements RequestRules {

        static final int MAX_ATTRIBUTES = 50;
        static final int MAX_TOOL_LENGTH = 256;

        @Override
        public void check(Violations violations, Context context) {
            for (int i = 0; i < toolsUsed.size(); i++) {
                if (toolsUsed.get(i).length() > MAX_TOOL_LENGTH) {
                    violations.add("tools_used[" + i + "]", "max_length", "must have at most " + MAX_TOOL_LENGTH + " characters");
                }
            }
            inputFeatures.forEach((name, value) -> {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    violations.add("input_features." + name, "type", "must be a number, string, boolean or null");
                }
            });
            if (attributes.size() > MAX_ATTRIBUTES) {
                violations.add("", "max_items", "must have at most " + MAX_ATTRIBUTES + " keys besides the named ones");
            }
        }

        FeedbackMetadata value() {
            return new FeedbackMetadata(agentId, agentVersion, intentCategory, toolsUsed, inputFeatures, attributes);
        }
    }

    @Override
    public void check(Violations violations, Context context) {
        if (feedbackId != null && Streams.isNamespaced(feedbackId)) {
            violations.add("feedback_id", "reserved_prefix", "must not start with " + String.join(", ", Streams.NAMESPACES)
                    + " (the event streams of traces, models and agent monitors)");
        }
        if (timestamp != null && timestamp.isBefore(EARLIEST)) {
            violations.add("timestamp", "range", "must not be before 2000-01-01");
        }
        boolean explicit = explicitFeedback != null && explicitFeedback.value().carriesSignal();
        boolean implicit = implicitSignals != null && implicitSignals.value().carriesSignal();
        if (!explicit && !implicit && violations.isEmpty()) {
            violations.add("", "at_least_one_signal",
                    "a feedback must carry at least one explicit_feedback or implicit_signals value");
        }
    }

    /**
     * The command storing this feedback as {@code id}, or a problem when its timestamp is more than
     * {@code maxClockSkew} after {@code receivedAt} ({@code not_in_future}).
     */
    SubmitFeedback command(FeedbackId id, Instant receivedAt, Duration maxClockSkew) {
        if (timestamp != null && timestamp.isAfter(receivedAt.plus(maxClockSkew))) {
            throw ApiProblem.validation("timestamp", "not_in_future", "must not be more than "
                    + maxClockSkew.toMinutes() + " minutes after the time it is received");
        }
        FeedbackContent content = new FeedbackContent(traceId, timestamp != null ? timestamp : receivedAt, userId,
                sessionId, explicitFeedback == null ? null : explicitFeedback.value(),
                implicitSignals == null ? null : implicitSignals.value(),
                metadata == null ? FeedbackMetadata.EMPTY : metadata.value());
        return new SubmitFeedback(id, content, fingerprint(content, timestamp != null), receivedAt);
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
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint feedback", e);
        }
    }

    private static final ObjectMapper CANONICAL = StoredFormat.eventMapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
}
