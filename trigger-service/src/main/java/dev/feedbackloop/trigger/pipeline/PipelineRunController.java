package dev.feedbackloop.trigger.pipeline;

import dev.feedbackloop.kernel.trigger.CompletePipelineRun;
import dev.feedbackloop.kernel.trigger.FailPipelineRun;
import dev.feedbackloop.kernel.trigger.FindPipelineRun;
import dev.feedbackloop.kernel.trigger.PipelineRunView;
import dev.feedbackloop.kernel.trigger.StartPipelineRun;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Map;

/**
 * Runs of automated pipelines: listed and read with analytics:read; the pipeline reports start, completion and
 * failure with triggers:manage. A report answers at once; the listings follow once the projection has it.
 */
@RestController
@RequestMapping("/api/v1/pipeline-runs")
@Tag(name = "pipeline-runs", description = "Runs of automated pipelines, as the pipelines report them")
public class PipelineRunController {

    private static final String WHAT = "pipeline run";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    public PipelineRunController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    @Bean
    static AccessRule readPipelineRuns() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/pipeline-runs/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule managePipelineRuns() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/pipeline-runs/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    @Operation(summary = "Lists pipeline runs, newest first")
    public Mono<PipelineRunsResponse> list(@ParameterObject PipelineRunsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(PipelineRunView.class)))
                .map(list -> new PipelineRunsResponse(list.stream().map(PipelineRunResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows a pipeline run")
    public Mono<PipelineRunResponse> one(@PathVariable String id) {
        Requests.pathId(id, WHAT);
        return Mono.fromFuture(() -> queries.query(new FindPipelineRun(id), ResponseTypes.instanceOf(PipelineRunView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(PipelineRunResponse::of);
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Reports that the pipeline started the run")
    public Mono<PipelineRunResponse.Report> start(@PathVariable String id,
                                                  @RequestBody(required = false) StartPipelineRunRequest request) {
        String externalId = request == null ? null : request.externalId();
        return report(id, new StartPipelineRun(id, externalId, clock.instant()), "started");
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "Reports that the pipeline completed the run, with its outputs")
    public Mono<PipelineRunResponse.Report> complete(@PathVariable String id,
                                                     @RequestBody(required = false) CompletePipelineRunRequest request) {
        Map<String, String> outputs = request == null ? Map.of() : request.texts();
        return report(id, new CompletePipelineRun(id, outputs, clock.instant()), "completed");
    }

    @PostMapping("/{id}/fail")
    @Operation(summary = "Reports that the run failed")
    public Mono<PipelineRunResponse.Report> fail(@PathVariable String id, @RequestBody FailPipelineRunRequest request) {
        return report(id, new FailPipelineRun(id, request.reason(), clock.instant()), "failed");
    }

    /** Sends the report; an id that cannot name a run, or a run never requested, answers 404. */
    private Mono<PipelineRunResponse.Report> report(String id, Object command, String state) {
        Requests.pathId(id, WHAT);
        return Requests.send(commands, command, () -> Requests.notFound(WHAT, id))
                .thenReturn(new PipelineRunResponse.Report(id, state));
    }
}
