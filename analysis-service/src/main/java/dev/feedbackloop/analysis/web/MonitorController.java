package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ConditionStatus;
import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftHistograms;
import dev.feedbackloop.kernel.analysis.DriftPoint;
import dev.feedbackloop.kernel.analysis.DriftStatus;
import dev.feedbackloop.kernel.analysis.FindDriftBaseline;
import dev.feedbackloop.kernel.analysis.FindDriftHistograms;
import dev.feedbackloop.kernel.analysis.FindDriftHistory;
import dev.feedbackloop.kernel.analysis.FindDriftStatus;
import dev.feedbackloop.kernel.analysis.PinDriftBaseline;
import dev.feedbackloop.kernel.analysis.ReleaseDriftBaseline;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ProblemHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Drift by PSI per feature, pinned drift baselines, and the state of every rule condition. */
@RestController
@Tag(name = "drift", description = "Drift by PSI per feature, pinned baselines and the state of every rule condition")
@RequestMapping("/api/v1/analytics")
public class MonitorController {

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Clock clock;

    public MonitorController(QueryGateway queries, CommandGateway commands, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
    }

    @Bean
    static AccessRule pinBaselines() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/analytics/drift/baselines/**", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static AccessRule releaseBaselines() {
        return AccessRule.of(HttpMethod.DELETE, "/api/v1/analytics/drift/baselines/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping("/drift")
    @Operation(summary = "Shows the latest drift of every feature, of one agent or of all")
    public Mono<DriftResponse> drift(@ParameterObject DriftQuery query) {
        return Mono.fromFuture(() -> queries.query(new FindDriftStatus(query.agentId()),
                        ResponseTypes.multipleInstancesOf(DriftStatus.class)))
                .map(DriftResponse::of);
    }

    @GetMapping("/drift/{feature}")
    @Operation(summary = "Shows one feature's drift for an agent, with its histograms and history")
    public Mono<DriftResponse.Detail> feature(@PathVariable String feature, @ParameterObject FeatureDriftQuery query) {
        PathVariables.name("feature", feature);
        String agentId = query.agentId();
        int limit = query.history();
        Mono<List<DriftPoint>> history = Mono.fromFuture(() -> queries.query(new FindDriftHistory(agentId, feature, limit),
                ResponseTypes.multipleInstancesOf(DriftPoint.class)));
        Mono<Optional<DriftHistograms>> histograms = Mono.fromFuture(() -> queries.query(
                new FindDriftHistograms(agentId, feature), ResponseTypes.optionalInstanceOf(DriftHistograms.class)))
                // recomputed from the slices with blocking reads: off the event loop
                .subscribeOn(Schedulers.boundedElastic());
        Mono<List<DriftStatus>> status = Mono.fromFuture(() -> queries.query(new FindDriftStatus(agentId),
                ResponseTypes.multipleInstancesOf(DriftStatus.class)));
        return Mono.zip(history, histograms, status).map(t -> DriftResponse.Detail.of(
                t.getT3().stream().filter(s -> s.feature().equals(feature)).findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("agent " + agentId + " has no drift measurement of feature " + feature)),
                t.getT2(), t.getT1()));
    }

    @PostMapping("/drift/baselines/{agentId}")
    @Operation(summary = "Pins an agent's drift baseline: drift is measured against this period from now on")
    public Mono<ResponseEntity<BaselineResponse>> pin(@PathVariable String agentId, @RequestBody PinBaselineRequest request) {
        PinDriftBaseline command = request.command(PathVariables.identifier("agent_id", agentId), clock.instant());
        return Mono.fromCallable(() -> commands.sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(BaselineResponse.of(command)));
    }

    @GetMapping("/drift/baselines/{agentId}")
    @Operation(summary = "Shows an agent's pinned drift baseline")
    public Mono<BaselineResponse> baseline(@PathVariable String agentId) {
        PathVariables.identifier("agent_id", agentId);
        return Mono.fromFuture(() -> queries.query(new FindDriftBaseline(agentId), ResponseTypes.optionalInstanceOf(DriftBaselinePinned.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(pin -> BaselineResponse.of(pin.orElseThrow(() -> ApiProblem.notFound("agent " + agentId + " has no pinned baseline"))));
    }

    @DeleteMapping("/drift/baselines/{agentId}")
    @Operation(summary = "Releases an agent's pinned drift baseline: drift is measured against the rolling reference again")
    public Mono<ResponseEntity<Void>> release(@PathVariable String agentId) {
        PathVariables.identifier("agent_id", agentId);
        return Mono.fromCallable(() -> commands.sendAndWait(new ReleaseDriftBaseline(agentId, clock.instant())))
                .subscribeOn(Schedulers.boundedElastic())
                // an agent that was never pinned nor evaluated has no monitor at all
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof AggregateNotFoundException,
                        e -> ApiProblem.notFound("agent " + agentId + " has no pinned baseline"))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/conditions")
    @Operation(summary = "Lists the state of every rule condition, of one agent or of all")
    public Mono<ConditionsResponse> conditions(@ParameterObject ConditionsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(ConditionStatus.class)))
                .map(ConditionsResponse::of);
    }
}
