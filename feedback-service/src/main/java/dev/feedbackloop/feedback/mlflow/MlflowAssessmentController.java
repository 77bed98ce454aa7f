package dev.feedbackloop.feedback.mlflow;

import dev.feedbackloop.feedback.command.AssessmentIds;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.FindAssessment;
import dev.feedbackloop.kernel.feedback.FindTraceAssessments;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.feedback.UpdateAssessment;
import dev.feedbackloop.kernel.interaction.FindTraceInteraction;
import dev.feedbackloop.kernel.interaction.InteractionView;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * MLflow 3's assessment endpoints (mlflow/protos/service.proto: createAssessment, getAssessment, updateAssessment,
 * deleteAssessment, getTraceInfoV3), so {@code mlflow.log_feedback}, {@code log_expectation},
 * {@code update_assessment}, {@code delete_assessment} and {@code get_trace} can point at the platform. Each maps onto
 * the commands and queries of the native API: one model, two doors. A POST with an {@code Idempotency-Key} header
 * may be retried without storing twice. Errors are MLflow's ({@link MlflowErrors}).
 */
@RestController
@RequestMapping(value = MlflowAssessmentController.PREFIX, produces = MediaType.APPLICATION_JSON_VALUE)
public class MlflowAssessmentController {

    static final String PREFIX = "/api/3.0/mlflow";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final AssessmentIds ids;

    public MlflowAssessmentController(CommandGateway commands, QueryGateway queries, Clock clock, IdSource ids) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.ids = new AssessmentIds(ids);
    }

    /** MLflow answers a create with 200 and the assessment, its id set. */
    @PostMapping("/traces/{traceId}/assessments")
    public Mono<AssessmentEnvelope> create(@PathVariable String traceId, @RequestBody CreateAssessmentRequest request,
                                           @RequestHeader(name = AssessmentIds.IDEMPOTENCY_KEY, required = false)
                                           String idempotencyKey) {
        TraceId trace = traceId(traceId);
        if (idempotencyKey != null && !AssessmentIds.isWellFormed(idempotencyKey)) {
            throw ApiProblem.validation(AssessmentIds.IDEMPOTENCY_KEY, "format", AssessmentIds.KEY_RULE);
        }
        LogAssessment command = request.command(trace, ids.next(trace, idempotencyKey), Instant.now(clock));
        return blocking(() -> envelope(commands.sendAndWait(command)));
    }

    @GetMapping("/traces/{traceId}/assessments/{assessmentId}")
    public Mono<AssessmentEnvelope> get(@PathVariable String traceId, @PathVariable String assessmentId) {
        FindAssessment query = new FindAssessment(traceId(traceId), assessmentId(assessmentId));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.optionalInstanceOf(AssessmentView.class)))
                .map(found -> found.filter(a -> !a.deleted()).orElseThrow(() -> missing(traceId, assessmentId)))
                .map(MlflowAssessmentController::envelope);
    }

    @PatchMapping("/traces/{traceId}/assessments/{assessmentId}")
    public Mono<AssessmentEnvelope> update(@PathVariable String traceId, @PathVariable String assessmentId,
                                           @RequestBody UpdateAssessmentRequest request) {
        UpdateAssessment command = request.command(traceId(traceId), assessmentId(assessmentId), Instant.now(clock));
        return blocking(() -> envelope(send(command, traceId, assessmentId)));
    }

    /** MLflow's DeleteAssessment answers 200 with an empty message; the body MLflow's client sends is not needed. */
    @DeleteMapping("/traces/{traceId}/assessments/{assessmentId}")
    public Mono<Map<String, Object>> delete(@PathVariable String traceId, @PathVariable String assessmentId) {
        DeleteAssessment command = new DeleteAssessment(traceId(traceId), assessmentId(assessmentId), Instant.now(clock));
        return blocking(() -> {
            send(command, traceId, assessmentId);
            return Map.of();
        });
    }

    /** GetTraceInfoV3: the trace's assessments as MLflow lists them; 404 for a trace the platform has never seen. */
    @GetMapping("/traces/{traceId}")
    public Mono<TraceInfoResponse> traceInfo(@PathVariable String traceId) {
        TraceId trace = traceId(traceId);
        Mono<List<AssessmentView>> assessments = Mono.fromFuture(() -> queries.query(new FindTraceAssessments(trace),
                ResponseTypes.multipleInstancesOf(AssessmentView.class)));
        Mono<Optional<InteractionView>> interaction = Mono.fromFuture(() -> queries.query(
                        new FindTraceInteraction(trace), ResponseTypes.instanceOf(InteractionView.class)))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
        return Mono.zip(assessments, interaction).map(both -> {
            List<AssessmentView> all = both.getT1();
            InteractionView seen = both.getT2().orElse(null);
            if (all.isEmpty() && seen == null) {
                throw ApiProblem.notFound("Trace '" + traceId + "' does not exist");
            }
            String state = seen == null || seen.error() == null ? null : seen.error() ? "ERROR" : "OK";
            return new TraceInfoResponse(new TraceInfoResponse.Trace(new TraceInfoResponse.TraceInfo(traceId,
                    seen == null ? null : seen.startedAt(), state,
                    all.stream().filter(a -> !a.deleted()).map(MlflowAssessment::of).toList())));
        });
    }

    /** Any other MLflow endpoint: MLflow's answer to an endpoint it does not serve. */
    @Hidden
    @RequestMapping("/**")
    public Mono<Void> unknown() {
        return Mono.error(new EndpointNotServed());
    }

    /** A request for an MLflow endpoint this door does not serve (MLflow's ENDPOINT_NOT_FOUND). */
    static final class EndpointNotServed extends RuntimeException {
        EndpointNotServed() {
            super("This MLflow endpoint is not served here; the platform serves MLflow 3's assessment endpoints and"
                    + " GetTraceInfoV3 (see docs/mlflow.md)");
        }
    }

    private <R> R send(Object command, String traceId, String assessmentId) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw missing(traceId, assessmentId);
        }
    }

    private static ApiProblem missing(String traceId, String assessmentId) {
        return ApiProblem.notFound("Assessment '" + assessmentId + "' of trace '" + traceId + "' does not exist");
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static AssessmentEnvelope envelope(AssessmentView view) {
        return new AssessmentEnvelope(MlflowAssessment.of(view));
    }

    private static TraceId traceId(String value) {
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation("trace_id", "format", "is not a valid trace id");
        }
        return TraceId.of(value);
    }

    private static AssessmentId assessmentId(String value) {
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation("assessment_id", "format", "is not a valid assessment id");
        }
        return AssessmentId.of(value);
    }
}
