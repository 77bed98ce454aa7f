package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.CompleteEvaluationRun;
import dev.feedbackloop.kernel.trigger.EvaluationRunView;
import dev.feedbackloop.kernel.trigger.FailEvaluationRun;
import dev.feedbackloop.kernel.trigger.FindEvaluationRun;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.kernel.trigger.StartEvaluationRun;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.Locations;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
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

/**
 * Evaluation runs: listed and read with analytics:read; requested by people or pipelines, and started, completed
 * and failed by the evaluation pipeline, with triggers:manage. A completed run gets its verdict shortly after.
 */
@RestController
@RequestMapping("/api/v1/evaluation-runs")
@Tag(name = "evaluation-runs", description = "Evaluation runs: requested, reported by the evaluation pipeline, judged")
public class EvaluationRunController {

    private static final String WHAT = "evaluation run";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;
    private final EvaluationSettings settings;

    public EvaluationRunController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock,
                                   EvaluationSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    @Bean
    static AccessRule readEvaluationRuns() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/evaluation-runs/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageEvaluationRuns() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/evaluation-runs/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    @Operation(summary = "Lists evaluation runs, newest first")
    public Mono<EvaluationRunsResponse> list(@ParameterObject EvaluationRunsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(EvaluationRunView.class)))
                .map(list -> new EvaluationRunsResponse(list.stream().map(EvaluationRunResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows an evaluation run")
    public Mono<EvaluationRunResponse> one(@PathVariable String id) {
        Requests.pathId(id, WHAT);
        return Mono.fromFuture(() -> queries.query(new FindEvaluationRun(id), ResponseTypes.instanceOf(EvaluationRunView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(EvaluationRunResponse::of);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Requests an evaluation run")
    public Mono<ResponseEntity<EvaluationRunResponse>> request(@RequestBody RequestEvaluationRunRequest request) {
        RequestEvaluationRun command = request.command(ids.next("ev-"), clock.instant());
        return Requests.send(commands, command, () -> Requests.notFound(WHAT, command.runId()))
                .thenReturn(ResponseEntity.created(Locations.of("/api/v1/evaluation-runs", command.runId()))
                        .body(EvaluationRunResponse.requested(command, settings.timeout())));
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Reports that the pipeline started the run")
    public Mono<EvaluationRunResponse.Report> start(@PathVariable String id,
                                                    @RequestBody(required = false) StartEvaluationRunRequest request) {
        String externalId = request == null ? null : request.externalId();
        return report(id, new StartEvaluationRun(id, externalId, clock.instant()), "started");
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "Reports that the pipeline completed the run, with its metrics")
    public Mono<EvaluationRunResponse.Report> complete(@PathVariable String id,
                                                       @RequestBody CompleteEvaluationRunRequest request) {
        return report(id, new CompleteEvaluationRun(id, request.values(), clock.instant()), "completed");
    }

    @PostMapping("/{id}/fail")
    @Operation(summary = "Reports that the run failed")
    public Mono<EvaluationRunResponse.Report> fail(@PathVariable String id, @RequestBody FailEvaluationRunRequest request) {
        return report(id, new FailEvaluationRun(id, request.reason(), clock.instant()), "failed");
    }

    /** Sends the report; an id that cannot name a run, or a run never requested, answers 404. */
    private Mono<EvaluationRunResponse.Report> report(String id, Object command, String state) {
        Requests.pathId(id, WHAT);
        return Requests.send(commands, command, () -> Requests.notFound(WHAT, id))
                .thenReturn(new EvaluationRunResponse.Report(id, state));
    }
}
