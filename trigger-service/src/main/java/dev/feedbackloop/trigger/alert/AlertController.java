package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.trigger.AcknowledgeAlert;
import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.kernel.trigger.FindAlert;
import dev.feedbackloop.kernel.trigger.FindAlerts;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.trigger.web.Requests;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.feedbackloop.trigger.web.Requests.text;

/**
 * Alerts: reading them needs analytics:read, acknowledging and resolving them triggers:manage. The platform raises
 * alerts; an acknowledge or resolve answers 204 once recorded (the listings follow when the read model has it),
 * 404 for an unknown alert and 409 for acknowledging a resolved one.
 */
@RestController
@RequestMapping("/api/v1/alerts")
public class AlertController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    public AlertController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    @Bean
    static AccessRule readAlerts() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/alerts/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageAlerts() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/alerts/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Mono<Map<String, Object>> alerts(@RequestParam(required = false) String state,
                                            @RequestParam(name = "agent_id", required = false) String agentId,
                                            @RequestParam(required = false) String limit) {
        FindAlerts query = new FindAlerts(Requests.oneOf("state", state, AlertProjection.STATES),
                Requests.identifier("agent_id", agentId), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(AlertView.class)))
                .map(list -> Map.of("alerts", list.stream().map(AlertController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> alert(@PathVariable String id) {
        Requests.pathId(id, "alert");
        return Mono.fromFuture(() -> queries.query(new FindAlert(id), ResponseTypes.instanceOf(AlertView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no alert '" + id + "'")))
                .map(AlertController::toJson);
    }

    @PostMapping("/{id}/acknowledge")
    public Mono<ResponseEntity<Void>> acknowledge(@PathVariable String id,
                                                  @RequestBody(required = false) Flux<DataBuffer> body,
                                                  ServerWebExchange exchange) {
        Requests.pathId(id, "alert");
        return Requests.optionalObject(body)
                .map(json -> {
                    JsonValues values = new JsonValues();
                    values.onlyKnownFields(json, "", Set.of("by"));
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    failOn(values);
                    return new AcknowledgeAlert(id, Requests.by(exchange, by), Instant.now(clock));
                })
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{id}/resolve")
    public Mono<ResponseEntity<Void>> resolve(@PathVariable String id,
                                              @RequestBody(required = false) Flux<DataBuffer> body,
                                              ServerWebExchange exchange) {
        Requests.pathId(id, "alert");
        return Requests.optionalObject(body)
                .map(json -> {
                    JsonValues values = new JsonValues();
                    values.onlyKnownFields(json, "", Set.of("by", "reason"));
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    String reason = values.string(json, "reason", "", JsonValues.MAX_TEXT_LENGTH);
                    failOn(values);
                    return new ResolveAlert(id, Requests.by(exchange, by), reason, Instant.now(clock));
                })
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    private static void failOn(JsonValues values) {
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
    }

    static Map<String, Object> toJson(AlertView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.alertId());
        out.put("incident_id", v.incidentId());
        out.put("agent_id", v.agentId());
        out.put("rule", v.rule());
        out.put("channel", v.channel());
        out.put("severity", v.severity() == null ? null : v.severity().wireName());
        out.put("title", v.title());
        out.put("summary", v.summary());
        out.put("runbook", v.runbook());
        out.put("scope", Requests.scope(v.scope()));
        out.put("state", v.state());
        out.put("raised_at", text(v.raisedAt()));
        out.put("acknowledged_by", v.acknowledgedBy());
        out.put("acknowledged_at", text(v.acknowledgedAt()));
        out.put("resolved_by", v.resolvedBy());
        out.put("resolution_reason", v.resolutionReason());
        out.put("resolved_at", text(v.resolvedAt()));
        return out;
    }
}
