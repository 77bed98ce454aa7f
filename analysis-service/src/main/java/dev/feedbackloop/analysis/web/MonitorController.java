package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ConditionStatus;
import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftHistograms;
import dev.feedbackloop.kernel.analysis.DriftPoint;
import dev.feedbackloop.kernel.analysis.DriftStatus;
import dev.feedbackloop.kernel.analysis.FindConditions;
import dev.feedbackloop.kernel.analysis.FindDriftBaseline;
import dev.feedbackloop.kernel.analysis.FindDriftHistograms;
import dev.feedbackloop.kernel.analysis.FindDriftHistory;
import dev.feedbackloop.kernel.analysis.FindDriftStatus;
import dev.feedbackloop.kernel.analysis.PinDriftBaseline;
import dev.feedbackloop.kernel.analysis.ReleaseDriftBaseline;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonBodies;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Drift by PSI per feature, pinned drift baselines, and the state of every rule condition. */
@RestController
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
    public Mono<Map<String, Object>> drift(@RequestParam(name = "agent_id", required = false) String agentId) {
        return Mono.fromFuture(() -> queries.query(new FindDriftStatus(agentId), ResponseTypes.multipleInstancesOf(DriftStatus.class)))
                .map(features -> Map.of("features", features.stream().map(MonitorController::toJson).toList()));
    }

    static Map<String, Object> toJson(DriftStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent_id", s.agentId());
        out.put("feature", s.feature());
        out.put("psi", s.psi());
        out.put("level", s.level());
        out.put("state", s.state());
        out.put("reference_count", s.referenceCount());
        out.put("current_count", s.currentCount());
        out.put("evaluated_at", text(s.evaluatedAt()));
        out.put("detected_at", text(s.detectedAt()));
        out.put("resolved_at", text(s.resolvedAt()));
        return out;
    }

    @GetMapping("/drift/{feature}")
    public Mono<Map<String, Object>> feature(@PathVariable String feature,
                                             @RequestParam(name = "agent_id", required = false) String agentId,
                                             @RequestParam(required = false, defaultValue = "168") int limit) {
        if (agentId == null || agentId.isBlank()) {
            throw ApiProblem.validation("agent_id", "required", "agent_id is required: drift is measured per agent");
        }
        if (limit < 1 || limit > 10_000) {
            throw ApiProblem.validation("limit", "range", "limit must be between 1 and 10000");
        }
        Mono<List<DriftPoint>> history = Mono.fromFuture(() -> queries.query(new FindDriftHistory(agentId, feature, limit),
                ResponseTypes.multipleInstancesOf(DriftPoint.class)));
        Mono<Optional<DriftHistograms>> histograms = Mono.fromFuture(() -> queries.query(
                new FindDriftHistograms(agentId, feature), ResponseTypes.optionalInstanceOf(DriftHistograms.class)))
                // recomputed from the slices with blocking reads: off the event loop
                .subscribeOn(Schedulers.boundedElastic());
        Mono<List<DriftStatus>> status = Mono.fromFuture(() -> queries.query(new FindDriftStatus(agentId),
                ResponseTypes.multipleInstancesOf(DriftStatus.class)));
        return Mono.zip(history, histograms, status).map(t -> {
            DriftStatus current = t.getT3().stream().filter(s -> s.feature().equals(feature)).findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("agent " + agentId + " has no drift measurement of feature " + feature));
            Map<String, Object> out = new LinkedHashMap<>(toJson(current));
            t.getT2().ifPresent(h -> {
                Map<String, Object> hist = new LinkedHashMap<>();
                hist.put("evaluated_at", h.evaluatedAt().toString());
                hist.put("reference_window", Map.of("from", h.referenceFrom().toString(), "to", h.referenceTo().toString()));
                hist.put("current_window", Map.of("from", h.currentFrom().toString(), "to", h.evaluatedAt().toString()));
                hist.put("bins", h.bins());
                hist.put("reference_shares", h.referenceShares());
                hist.put("current_shares", h.currentShares());
                hist.put("reference_count", h.referenceCount());
                hist.put("current_count", h.currentCount());
                hist.put("psi", h.psi());
                out.put("histograms", hist);
            });
            out.put("history", t.getT1().stream().map(p -> {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("evaluated_at", p.evaluatedAt().toString());
                point.put("psi", p.psi());
                point.put("level", p.level());
                point.put("reference_count", p.referenceCount());
                point.put("current_count", p.currentCount());
                return point;
            }).toList());
            return out;
        });
    }

    @PostMapping("/drift/baselines/{agentId}")
    public Mono<ResponseEntity<Map<String, Object>>> pin(@PathVariable String agentId, @RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.validation("body", "required", "a JSON object with from and to is required");
        }
        com.fasterxml.jackson.databind.JsonNode json = JsonBodies.parse(body);
        for (String field : List.of("from", "to")) {
            if (!json.path(field).isTextual()) {
                throw ApiProblem.validation(field, "required", field + " is required, an ISO-8601 instant");
            }
        }
        PinDriftBaseline command = new PinDriftBaseline(agentId, MetricsController.instant("from", json.get("from").asText()),
                MetricsController.instant("to", json.get("to").asText()), clock.instant());
        return Mono.fromCallable(() -> commands.sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(baselineJson(new DriftBaselinePinned(
                        agentId, command.from(), command.to(), command.pinnedAt()))));
    }

    @GetMapping("/drift/baselines/{agentId}")
    public Mono<Map<String, Object>> baseline(@PathVariable String agentId) {
        return Mono.fromFuture(() -> queries.query(new FindDriftBaseline(agentId), ResponseTypes.optionalInstanceOf(DriftBaselinePinned.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(pin -> baselineJson(pin.orElseThrow(() -> ApiProblem.notFound("agent " + agentId + " has no pinned baseline"))));
    }

    static Map<String, Object> baselineJson(DriftBaselinePinned pin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent_id", pin.agentId());
        out.put("from", pin.from().toString());
        out.put("to", pin.to().toString());
        out.put("pinned_at", pin.pinnedAt().toString());
        return out;
    }

    @DeleteMapping("/drift/baselines/{agentId}")
    public Mono<ResponseEntity<Void>> release(@PathVariable String agentId) {
        return Mono.fromCallable(() -> commands.sendAndWait(new ReleaseDriftBaseline(agentId, clock.instant())))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/conditions")
    public Mono<Map<String, Object>> conditions(@RequestParam(name = "agent_id", required = false) String agentId,
                                                @RequestParam(required = false) String state) {
        if (state != null && !state.equals("met") && !state.equals("cleared")) {
            throw ApiProblem.validation("state", "one_of", "state is met or cleared");
        }
        return Mono.fromFuture(() -> queries.query(new FindConditions(agentId, state), ResponseTypes.multipleInstancesOf(ConditionStatus.class)))
                .map(list -> Map.of("conditions", list.stream().map(c -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("agent_id", c.agentId());
                    out.put("rule", c.rule());
                    out.put("metric", c.metric());
                    out.put("scope", c.scope());
                    out.put("state", c.state());
                    out.put("value", c.value());
                    out.put("baseline", c.baseline());
                    out.put("threshold", c.threshold());
                    out.put("since", text(c.since()));
                    out.put("met_at", text(c.metAt()));
                    out.put("cleared_at", text(c.clearedAt()));
                    return out;
                }).toList()));
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
