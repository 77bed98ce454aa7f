package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.OverrideApproval;
import dev.feedbackloop.kernel.gate.RecordGateResults;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pre-deployment gates of an agent's versions: pipelines post results (triggers:manage, as they announce model
 * versions and complete evaluation runs), anyone reading analytics sees the approval (analytics:read), and only an
 * admin key may override the gates, naming the person and the reason.
 */
@RestController
@Tag(name = "gates", description = "Pre-deployment gates (spec 21.1) and the approval of agent versions")
@RequestMapping("/api/v1/agents/{agentId}/versions/{version}")
public class GateController {

    private final CommandGateway commands;
    private final Approvals approvals;
    private final GateSet gates;
    private final Clock clock;

    public GateController(CommandGateway commands, Approvals approvals, GateSet gates, Clock clock) {
        this.commands = commands;
        this.approvals = approvals;
        this.gates = gates;
        this.clock = clock;
    }

    @Bean
    static AccessRule postGateResults() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/agents/*/versions/*/gate-results", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static AccessRule overrideApproval() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/agents/*/versions/*/approval/override", Scope.ADMIN);
    }

    @Bean
    static AccessRule readApproval() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/agents/*/versions/*/approval", Scope.ANALYTICS_READ);
    }

    @PostMapping(path = "/gate-results", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Records results (suite pass rates, latencies, rates) for a version and judges its gates")
    public Mono<ApprovalResponse.RecordedApprovals> record(@PathVariable String agentId, @PathVariable String version,
                                                  @RequestBody GateResultsRequest request) {
        checkPath(agentId, version);
        String environment = Requests.oneOf("environment", request.environment(), gates.environments());
        Violations violations = new Violations();
        Set<String> known = gates.metrics();
        request.results().keySet().stream().filter(m -> !known.contains(m)).forEach(m -> violations.add("results." + m,
                "known_metric", "no gate reads this metric; gates read " + String.join(", ", known)));
        violations.throwIfAny();
        List<String> environments = (environment == null ? gates.environments() : List.of(environment)).stream()
                .filter(env -> gates.reads(env, request.results().keySet())).toList();
        if (environments.isEmpty()) {
            throw ApiProblem.validation("results", "applicable", "no gate of " + environment + " reads these metrics");
        }
        Map<String, dev.feedbackloop.kernel.gate.GateObservation> results = request.observations();
        return Flux.fromIterable(environments)
                .concatMap(env -> send(new RecordGateResults(new ApprovalKey(agentId, version, env), results,
                        "pipeline", clock.instant())))
                .collectList()
                .map(ApprovalResponse.RecordedApprovals::new);
    }

    @GetMapping("/approval")
    @Operation(summary = "Shows whether a version may be deployed to an environment (production by default), gate by gate")
    public Mono<ApprovalResponse> approval(@PathVariable String agentId, @PathVariable String version,
                                           @RequestParam(required = false) String environment) {
        checkPath(agentId, version);
        String env = environment(environment);
        return approvals.find(new ApprovalKey(agentId, version, env)).map(ApprovalResponse::of);
    }

    @PostMapping(path = "/approval/override", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Lets a blocked or pending version through, naming who decided and why (admin only)")
    @ApiResponse(responseCode = "200", description = "The approval, now overridden",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalResponse.class)))
    @ApiResponse(responseCode = "409", description = "The version is approved, or already overridden, there",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    public Mono<ApprovalResponse> override(@PathVariable String agentId, @PathVariable String version,
                                           @RequestBody OverrideRequest request) {
        checkPath(agentId, version);
        String env = environment(request.environment());
        return send(new OverrideApproval(new ApprovalKey(agentId, version, env), request.by().strip(),
                request.reason().strip(), clock.instant()));
    }

    private Mono<ApprovalResponse> send(Object command) {
        return Mono.fromCallable(() -> commands.<VersionApprovalView>sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .map(ApprovalResponse::of);
    }

    private String environment(String given) {
        return given == null ? gates.productionEnvironment() : Requests.oneOf("environment", given, gates.environments());
    }

    private static void checkPath(String agentId, String version) {
        Violations violations = new Violations();
        if (!ModelId.isWellFormed(agentId)) {
            violations.add("agent_id", "format", ModelId.RULE);
        }
        if (!ApprovalKey.isVersion(version)) {
            violations.add("version", "format", ApprovalKey.VERSION_RULE);
        }
        violations.throwIfAny();
    }
}
