package dev.feedbackloop.feedback.web;

import dev.feedbackloop.feedback.command.AssessmentIds;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.FindTraceAssessments;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Locations;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;

/**
 * Assessments of a trace in the shape MLflow 3 users know, with overrides kept for the audit trail. A POST with an
 * {@code Idempotency-Key} header may be retried: the retry answers with the first assessment and stores nothing.
 */
@RestController
@RequestMapping("/api/v1/traces/{traceId}/assessments")
public class AssessmentController {

    /** An assessment's value and metadata may be large JSON documents (a judge's structured verdict). */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final AssessmentIds ids;

    public AssessmentController(CommandGateway commands, QueryGateway queries, Clock clock, IdSource ids) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.ids = new AssessmentIds(ids);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<LoggedAssessmentResponse>> log(@PathVariable String traceId,
                                                              @RequestBody AssessmentRequest request,
                                                              @RequestHeader(name = AssessmentIds.IDEMPOTENCY_KEY,
                                                                      required = false) String idempotencyKey) {
        TraceId trace = traceId(traceId);
        if (idempotencyKey != null && !AssessmentIds.isWellFormed(idempotencyKey)) {
            throw ApiProblem.validation(AssessmentIds.IDEMPOTENCY_KEY, "format", AssessmentIds.KEY_RULE);
        }
        LogAssessment command = request.command(trace, ids.next(trace, idempotencyKey), Instant.now(clock));
        return Mono.fromCallable(() -> {
                    AssessmentView logged = commands.sendAndWait(command);
                    return ResponseEntity.created(Locations.of("/api/v1/traces", traceId, "assessments",
                            command.assessmentId().value())).body(LoggedAssessmentResponse.of(logged));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping
    public Mono<TraceAssessmentsResponse> list(@PathVariable String traceId) {
        TraceId trace = traceId(traceId);
        return Mono.fromFuture(() -> queries.query(new FindTraceAssessments(trace),
                        ResponseTypes.multipleInstancesOf(AssessmentView.class)))
                .map(list -> TraceAssessmentsResponse.of(traceId, list));
    }

    @DeleteMapping("/{assessmentId}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String traceId, @PathVariable String assessmentId) {
        TraceId trace = traceId(traceId);
        if (!Identifier.isValid(assessmentId)) {
            return Mono.error(ApiProblem.validation("assessment_id", "format", "is not a valid assessment id"));
        }
        DeleteAssessment command = new DeleteAssessment(trace, AssessmentId.of(assessmentId), Instant.now(clock));
        return Mono.fromCallable(() -> {
                    try {
                        commands.sendAndWait(command);
                    } catch (AggregateNotFoundException e) {
                        throw ApiProblem.notFound("Trace '" + traceId + "' has no assessment '" + assessmentId + "'");
                    }
                    return ResponseEntity.noContent().<Void>build();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static TraceId traceId(String value) {
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation("trace_id", "format", "is not a valid trace id");
        }
        return TraceId.of(value);
    }
}
