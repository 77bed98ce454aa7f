package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

import java.time.Duration;
import java.time.Instant;

/**
 * One interaction, for agents without OpenTelemetry: the same signals a trace carries, in one JSON object. It
 * becomes the same record as a trace whose root span says this.
 *
 * @param agentId   the agent, by the id rule every id the platform keys by follows (its metrics and monitors are per agent)
 * @param timestamp when the interaction ended (its event time); the time it is received when left out
 * @param cost      what the interaction cost, in the price table's currency; left out, its tokens are priced
 */
@ApiRequest
public record InteractionRequest(@NotNull TraceId traceId,
                                 @NotNull @WellFormedId String agentId,
                                 @Size(max = 256) String agentVersion,
                                 @Size(max = 256) String intentCategory,
                                 @Size(max = 256) String userId,
                                 @Size(max = 256) String sessionId,
                                 Instant timestamp,
                                 @NotNull @Range(min = 0, max = 604_800_000L) Long latencyMs,
                                 Boolean error,
                                 @Size(max = 128) String errorType,
                                 @Size(max = 256) String model,
                                 @Range(min = 0, max = Integer.MAX_VALUE) Long inputTokens,
                                 @Range(min = 0, max = Integer.MAX_VALUE) Long outputTokens,
                                 @DecimalMin("0") @DecimalMax("1000000") Double cost,
                                 @Range(min = 0, max = Integer.MAX_VALUE) Long guardrailTriggers) implements RequestRules {

    /** A client's clock may run this much ahead of the platform's. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** The id of the one span an interaction posted here stands for. */
    static final String SPAN_ID = "interaction-api";

    @Override
    public void check(Violations violations, Context context) {
        if (timestamp != null && timestamp.isAfter(context.receivedAt().plus(MAX_CLOCK_SKEW))) {
            violations.add("timestamp", "not_in_future", "must not be later than the time it is received");
        }
        if (errorType != null && Boolean.FALSE.equals(error)) {
            violations.add("error_type", "needs_error", "is given only for an interaction that ended in error");
        }
    }

    public boolean failed() {
        return Boolean.TRUE.equals(error) || errorType != null;
    }
}
