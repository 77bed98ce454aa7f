package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.trigger.AcknowledgeAlert;
import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.kernel.trigger.FindAlert;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * Alerts: reading them needs analytics:read, acknowledging and resolving them triggers:manage. The platform raises
 * alerts; an acknowledge or resolve answers 204 once recorded (the listings follow when the read model has it),
 * 404 for an unknown alert and 409 for acknowledging a resolved one.
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts", description = "Alerts raised for incidents: acknowledged and resolved by people")
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
    @Operation(summary = "Lists alerts, newest first")
    public Mono<AlertsResponse> alerts(@ParameterObject AlertsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(AlertView.class)))
                .map(list -> new AlertsResponse(list.stream().map(AlertResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows an alert")
    public Mono<AlertResponse> alert(@PathVariable String id) {
        Requests.pathId(id, "alert");
        return Mono.fromFuture(() -> queries.query(new FindAlert(id), ResponseTypes.instanceOf(AlertView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no alert '" + id + "'")))
                .map(AlertResponse::of);
    }

    @PostMapping("/{id}/acknowledge")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Acknowledges an alert")
    public Mono<ResponseEntity<Void>> acknowledge(@PathVariable String id,
                                                  @RequestBody(required = false) AcknowledgeAlertRequest request,
                                                  ServerWebExchange exchange) {
        Requests.pathId(id, "alert");
        String by = request == null ? null : request.by();
        return done(new AcknowledgeAlert(id, Requests.by(exchange, by), clock.instant()));
    }

    @PostMapping("/{id}/resolve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Resolves an alert")
    public Mono<ResponseEntity<Void>> resolve(@PathVariable String id,
                                              @RequestBody(required = false) ResolveAlertRequest request,
                                              ServerWebExchange exchange) {
        Requests.pathId(id, "alert");
        ResolveAlertRequest given = request == null ? new ResolveAlertRequest(null, null) : request;
        return done(new ResolveAlert(id, Requests.by(exchange, given.by()), given.reason(), clock.instant()));
    }

    private Mono<ResponseEntity<Void>> done(Object command) {
        return Requests.send(commands, command).thenReturn(ResponseEntity.noContent().<Void>build());
    }
}
