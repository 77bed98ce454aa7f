package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.analysis.ModelId;
import org.springframework.web.server.ServerWebExchange;
import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.security.ApiKey;
import dev.feedbackloop.analysis.operations.OperationalMetrics;
import dev.feedbackloop.analysis.operations.OperationsQueries;
import dev.feedbackloop.analysis.operations.OperationsViews;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.FindReleases;
import dev.feedbackloop.kernel.release.OpenRelease;
import dev.feedbackloop.kernel.release.ReleaseSummary;
import dev.feedbackloop.kernel.release.ReleaseView;
import dev.feedbackloop.kernel.release.ReportReleaseProgress;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.Locations;
import dev.feedbackloop.support.web.ProblemHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Canary releases: deployment pipelines open them and report back (triggers:manage, as for model versions), and read
 * the platform's decisions with the measurements behind them (analytics:read).
 */
@RestController
@Tag(name = "releases", description = "Canary releases judged side by side against their baseline")
@RequestMapping("/api/v1/releases")
public class ReleaseController {

    static final List<Metric> CURVE_METRICS = List.of(Metric.ERROR_RATE, Metric.P95_LATENCY_MS, Metric.P99_LATENCY_MS,
            Metric.REQUESTS);

    /** Both versions' interaction metrics per hour since the release opened. */
    public record Curves(String releaseId, String agentId, List<OperationsViews.Series> versions) {
    }

    public record Releases(List<ReleaseSummary> releases) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReleaseHistory history;
    private final OperationsQueries operations;
    private final ObjectProvider<ReleaseGate> gates;
    private final Clock clock;
    private final IdSource ids;

    public ReleaseController(CommandGateway commands, QueryGateway queries, ReleaseHistory history,
                             OperationsQueries operations, ObjectProvider<ReleaseGate> gates, Clock clock,
                             IdSource ids) {
        this.commands = commands;
        this.queries = queries;
        this.history = history;
        this.operations = operations;
        this.gates = gates;
        this.clock = clock;
        this.ids = ids;
    }

    @Bean
    static AccessRule manageReleases() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/releases/**", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static AccessRule openReleases() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/releases", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static AccessRule readReleases() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/releases/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule listReleases() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/releases", Scope.ANALYTICS_READ);
    }

    @PostMapping
    @Operation(summary = "Opens a canary release of a version against its baseline; 409 when pre-deployment gates block it")
    public Mono<ResponseEntity<ReleaseView>> open(@RequestBody ReleaseRequests.Open request, ServerWebExchange exchange) {
        if (request.override() != null) {
            // letting a version past its gates is the gates' own override: an admin's decision, not a pipeline's
            ApiKey key = exchange.getAttribute(ApiKeyFilter.API_KEY_ATTRIBUTE);
            if (key == null || !key.allows(Scope.ADMIN)) {
                throw new ApiProblem(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN,
                        "override: opening a release past its pre-deployment gates needs the admin scope", List.of());
            }
        }
        CanaryConfig config = request.canaryConfig() == null ? CanaryConfigs.defaults() : request.canaryConfig();
        List<FieldError> errors = config.violations().stream()
                .map(v -> new FieldError(v.field(), v.rule(), v.message())).toList();
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        if (request.version().equals(request.baselineVersion())) {
            throw ApiProblem.validation("baseline_version", "differs", "must differ from version");
        }
        if (request.override() != null && (blank(request.override().by()) || blank(request.override().reason()))) {
            throw ApiProblem.validation("override", "complete", "needs both by and reason");
        }
        Instant now = clock.instant();
        Instant openedAt = request.openedAt() == null ? now : request.openedAt();
        if (openedAt.isAfter(now.plusSeconds(300))) {
            throw ApiProblem.validation("opened_at", "not_in_future", "must not be more than 5 minutes ahead");
        }
        return Mono.fromCallable(() -> {
                    String blocked = blockedReason(request.agentId(), request.version()).orElse(null);
                    if (blocked != null && request.override() == null) {
                        throw new ApiProblem(HttpStatus.CONFLICT, ErrorCode.WRONG_STATE,
                                "pre-deployment gates block " + request.agentId() + " " + request.version() + ": " + blocked,
                                List.of(new FieldError("gates", "passed", blocked)));
                    }
                    String id = ids.next("rel-");
                    commands.sendAndWait(new OpenRelease(id, request.agentId(), request.version(),
                            request.baselineVersion(), config, request.override(), blocked, openedAt));
                    return history.find(id).orElseThrow();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(view -> ResponseEntity.created(Locations.of("/api/v1/releases", view.releaseId())).body(view));
    }

    @GetMapping
    @Operation(summary = "Lists releases, newest first, of one agent when agent_id is given")
    public Mono<Releases> list(@RequestParam(name = "agent_id", required = false) String agentId) {
        if (agentId != null && !ModelId.isWellFormed(agentId)) {
            throw ApiProblem.validation("agent_id", "format", ModelId.RULE);
        }
        return Mono.fromFuture(() -> queries.query(new FindReleases(agentId),
                ResponseTypes.multipleInstancesOf(ReleaseSummary.class))).map(Releases::new);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows a release: its stages, every decision with its measurements, and the pipeline's reports")
    public Mono<ReleaseView> release(@PathVariable String id) {
        return Mono.fromCallable(() -> find(id)).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/{id}/reports")
    @Operation(summary = "The pipeline reports what it did: promoted (to percentage), rolled_back, paused or resumed")
    public Mono<ReleaseView> report(@PathVariable String id, @RequestBody ReleaseRequests.Report request) {
        ReportReleaseProgress.Action action = Arrays.stream(ReportReleaseProgress.Action.values())
                .filter(a -> a.name().toLowerCase(Locale.ROOT).equals(request.action())).findFirst()
                .orElseThrow(() -> ApiProblem.validation("action", "one_of",
                        "must be one of promoted, rolled_back, paused, resumed"));
        if (action == ReportReleaseProgress.Action.PROMOTED && request.percentage() == null) {
            throw ApiProblem.validation("percentage", "required", "is required when action is promoted");
        }
        Instant reportedAt = request.reportedAt() == null ? clock.instant() : request.reportedAt();
        return Mono.fromCallable(() -> {
                    find(id);
                    try {
                        commands.sendAndWait(new ReportReleaseProgress(id, action, request.percentage(), request.note(),
                                reportedAt));
                    } catch (RuntimeException e) {
                        if (ProblemHandler.unwrap(e) instanceof BusinessRuleViolation v) {
                            throw v.code() == ErrorCode.VALIDATION_FAILED
                                    ? ApiProblem.validation(field(v.getMessage()), "rule", v.getMessage())
                                    : new ApiProblem(HttpStatus.CONFLICT, v.code(), v.getMessage(), List.of());
                        }
                        throw e;
                    }
                    return find(id);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{id}/curves")
    @Operation(summary = "Candidate and baseline error rate, P95, P99 and requests per hour since the release opened")
    public Mono<Curves> curves(@PathVariable String id) {
        return Mono.fromCallable(() -> find(id)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(r -> {
                    Instant to = clock.instant();
                    Instant from = r.openedAt().isBefore(to) ? r.openedAt() : to.minusSeconds(3600);
                    return Mono.zip(series(r.agentId(), r.version(), from, to), series(r.agentId(), r.baselineVersion(), from, to))
                            .map(both -> new Curves(r.releaseId(), r.agentId(), List.of(both.getT1(), both.getT2())));
                });
    }

    private Mono<OperationsViews.Series> series(String agent, String version, Instant from, Instant to) {
        return operations.series(new OperationalMetrics.Selector(agent, version, null), from, to,
                OperationsQueries.Resolution.HOUR, CURVE_METRICS);
    }

    private Optional<String> blockedReason(String agentId, String version) {
        List<String> reasons = gates.orderedStream().map(g -> g.blockedReason(agentId, version))
                .flatMap(Optional::stream).toList();
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private ReleaseView find(String id) {
        return history.find(id).orElseThrow(() -> ApiProblem.notFound("no release '" + id + "'"));
    }

    private static String field(String message) {
        return message.startsWith("percentage") ? "percentage" : message.split(" ")[0];
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
