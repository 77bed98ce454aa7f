package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.interaction.FindTraceInteraction;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.InteractionView;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Locations;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The second door to interactions, for agents that do not export traces: one interaction per request, stored like a
 * trace's root span. And the interaction of a trace, read back beside its feedback and assessments.
 */
@RestController
@RequestMapping("/api/v1")
public class InteractionController {

    /** The answer to a posted interaction: {@code recorded}, or {@code already_recorded} for a repeat. */
    public record InteractionAccepted(String traceId, String status) {
    }

    private final InteractionIngestion ingestion;
    private final PriceTable prices;
    private final QueryGateway queries;
    private final Clock clock;

    public InteractionController(InteractionIngestion ingestion, PriceTable prices, QueryGateway queries, Clock clock) {
        this.ingestion = ingestion;
        this.prices = prices;
        this.queries = queries;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/interactions")
    public Mono<ResponseEntity<InteractionAccepted>> record(@RequestBody InteractionRequest request) {
        Instant receivedAt = clock.instant();
        RecordInteractionSpans command = command(request, receivedAt);
        return Mono.fromFuture(() -> ingestion.submit(command))
                .map(outcome -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(Locations.of("/api/v1/traces", request.traceId().value(), "interaction"))
                        .body(new InteractionAccepted(request.traceId().value(),
                                outcome.stored() > 0 ? "recorded" : "already_recorded")));
    }

    RecordInteractionSpans command(InteractionRequest r, Instant receivedAt) {
        Instant end = r.timestamp() == null ? receivedAt : r.timestamp();
        InteractionSpan span = new InteractionSpan(InteractionRequest.SPAN_ID, true, "interaction",
                end.minus(Duration.ofMillis(r.latencyMs())), end, r.failed(), r.errorType(), r.model(), false,
                r.inputTokens() == null ? 0 : r.inputTokens(), r.outputTokens() == null ? 0 : r.outputTokens(),
                r.cost(), r.guardrailTriggers() == null ? 0 : r.guardrailTriggers(), r.agentId(), r.agentVersion(),
                r.intentCategory(), r.userId(), r.sessionId());
        return new RecordInteractionSpans(r.traceId(), List.of(span),
                prices.pricesOf(r.model() == null ? Set.of() : Set.of(r.model())), receivedAt);
    }

    @GetMapping("/traces/{traceId}/interaction")
    public Mono<InteractionView> find(@PathVariable String traceId) {
        if (!Identifier.isValid(traceId)) {
            return Mono.error(ApiProblem.validation("trace_id", "format", "is not a valid trace id"));
        }
        return Mono.fromFuture(() -> queries.query(new FindTraceInteraction(TraceId.of(traceId)),
                        ResponseTypes.instanceOf(InteractionView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No interaction recorded for trace '" + traceId + "'")));
    }
}
