package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.trigger.FindIncident;
import dev.feedbackloop.kernel.trigger.FindIncidents;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.trigger.web.Requests;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.feedbackloop.trigger.web.Requests.text;

/** Incidents, read-only (analytics:read): the platform opens, clears and closes them. */
@RestController
@RequestMapping("/api/v1/incidents")
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
    public Mono<Map<String, Object>> incidents(@RequestParam(required = false) String state,
                                               @RequestParam(name = "agent_id", required = false) String agentId,
                                               @RequestParam(required = false) String rule,
                                               @RequestParam(required = false) String limit) {
        FindIncidents query = new FindIncidents(Requests.oneOf("state", state, IncidentProjection.STATES),
                Requests.identifier("agent_id", agentId), Requests.identifier("rule", rule), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(IncidentView.class)))
                .map(list -> Map.of("incidents", list.stream().map(IncidentController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> incident(@PathVariable String id) {
        Requests.pathId(id, "incident");
        return Mono.fromFuture(() -> queries.query(new FindIncident(id), ResponseTypes.instanceOf(IncidentView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no incident '" + id + "'")))
                .map(IncidentController::toJson);
    }

    static Map<String, Object> toJson(IncidentView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.incidentId());
        out.put("agent_id", v.agentId());
        out.put("rule", v.rule());
        out.put("metric", v.metric());
        out.put("scope", Requests.scope(v.scope()));
        out.put("value", v.value());
        out.put("baseline", v.baseline());
        out.put("threshold", v.threshold());
        out.put("since", text(v.since()));
        out.put("actions", Requests.list(v.actions()));
        out.put("state", v.state());
        out.put("opened_at", text(v.openedAt()));
        out.put("last_value", v.lastValue());
        out.put("recurrences", v.recurrences());
        out.put("last_recurred_at", text(v.lastRecurredAt()));
        out.put("cleared_at", text(v.clearedAt()));
        out.put("closed_at", text(v.closedAt()));
        out.put("close_reason", v.closeReason());
        out.put("alert_ids", Requests.list(v.alertIds()));
        out.put("ticket_ids", Requests.list(v.ticketIds()));
        return out;
    }
}
