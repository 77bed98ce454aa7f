package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.trigger.FindIncident;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Incidents, read-only (analytics:read): the platform opens, clears and closes them. Each shows its severity and
 * priority (P1-P4 of spec 21.3.3) with the priority's response and escalation times and when they fall due.
 */
@RestController
@RequestMapping("/api/v1/incidents")
@Tag(name = "incidents", description = "Incidents the platform opens, clears and closes, with severity and priority")
public class IncidentController {

    private final QueryGateway queries;

    public IncidentController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule readIncidents() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/incidents/**", Scope.ANALYTICS_READ);
    }

    @GetMapping
    @Operation(summary = "Lists incidents, newest first")
    public Mono<IncidentsResponse> incidents(@ParameterObject IncidentsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(IncidentView.class)))
                .map(list -> new IncidentsResponse(list.stream().map(IncidentResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows an incident")
    public Mono<IncidentResponse> incident(@PathVariable String id) {
        Requests.pathId(id, "incident");
        return Mono.fromFuture(() -> queries.query(new FindIncident(id), ResponseTypes.instanceOf(IncidentView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no incident '" + id + "'")))
                .map(IncidentResponse::of);
    }
}
