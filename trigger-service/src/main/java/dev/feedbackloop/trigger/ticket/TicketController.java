package dev.feedbackloop.trigger.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.FindTicket;
import dev.feedbackloop.kernel.trigger.FindTickets;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.ResolveTicket;
import dev.feedbackloop.kernel.trigger.TicketView;
import dev.feedbackloop.support.config.IdSource;
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

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.feedbackloop.trigger.web.Requests.text;

/**
 * Tickets: reading them needs analytics:read, opening, re-prioritising and resolving them triggers:manage. People
 * may open a ticket by hand (it then has no incident, rule or severity). Listings sort by priority, highest first,
 * then oldest first. Re-prioritising a resolved ticket is a 409.
 */
@RestController
@RequestMapping("/api/v1/tickets")
public class TicketController {

    static final List<String> PRIORITIES = Arrays.stream(Priority.values()).map(Priority::wireName).toList();

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;

    public TicketController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
    }

    @Bean
    static AccessRule readTickets() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/tickets/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageTickets() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/tickets/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Mono<Map<String, Object>> tickets(@RequestParam(required = false) String state,
                                             @RequestParam(required = false) String priority,
                                             @RequestParam(name = "agent_id", required = false) String agentId,
                                             @RequestParam(required = false) String limit) {
        String wantedPriority = Requests.oneOf("priority", priority, PRIORITIES);
        FindTickets query = new FindTickets(Requests.oneOf("state", state, TicketProjection.STATES),
                wantedPriority == null ? null : Priority.fromWireName(wantedPriority),
                Requests.identifier("agent_id", agentId), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(TicketView.class)))
                .map(list -> Map.of("tickets", list.stream().map(TicketController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> ticket(@PathVariable String id) {
        Requests.pathId(id, "ticket");
        return Mono.fromFuture(() -> queries.query(new FindTicket(id), ResponseTypes.instanceOf(TicketView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no ticket '" + id + "'")))
                .map(TicketController::toJson);
    }

    @PostMapping
    public Mono<ResponseEntity<Map<String, Object>>> open(@RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body)
                .map(json -> {
                    JsonValues values = new JsonValues();
                    values.onlyKnownFields(json, "", Set.of("title", "description", "priority", "agent_id"));
                    String title = required(values, json, "title", JsonValues.MAX_NAME_LENGTH);
                    String description = values.string(json, "description", "", JsonValues.MAX_TEXT_LENGTH);
                    Priority priority = priority(values, json);
                    String agentId = values.requiredString(json, "agent_id");
                    if (agentId != null) {
                        agentId = values.identifier(json, "agent_id", "");
                    }
                    failOn(values);
                    return new CreateTicket(ids.next("tk-"), null, agentId, null, title, description, priority,
                            null, 0, Map.of(), Instant.now(clock));
                })
                .flatMap(command -> Requests.send(commands, command).thenReturn(command))
                .map(c -> ResponseEntity.created(URI.create("/api/v1/tickets/" + c.ticketId()))
                        .body(toJson(new TicketView(c.ticketId(), null, c.agentId(), null, c.title(), c.description(),
                                c.priority(), null, 0, Map.of(), "open", c.createdAt(), null, null, null, null, null,
                                null))));
    }

    @PostMapping("/{id}/priority")
    public Mono<ResponseEntity<Void>> prioritize(@PathVariable String id,
                                                 @RequestBody(required = false) Flux<DataBuffer> body,
                                                 ServerWebExchange exchange) {
        Requests.pathId(id, "ticket");
        return Requests.requiredObject(body)
                .map(json -> {
                    JsonValues values = new JsonValues();
                    values.onlyKnownFields(json, "", Set.of("priority", "reason", "by"));
                    Priority priority = priority(values, json);
                    String reason = values.string(json, "reason", "", JsonValues.MAX_TEXT_LENGTH);
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    failOn(values);
                    return new PrioritizeTicket(id, priority, reason, Requests.by(exchange, by), Instant.now(clock));
                })
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{id}/resolve")
    public Mono<ResponseEntity<Void>> resolve(@PathVariable String id,
                                              @RequestBody(required = false) Flux<DataBuffer> body,
                                              ServerWebExchange exchange) {
        Requests.pathId(id, "ticket");
        return Requests.requiredObject(body)
                .map(json -> {
                    JsonValues values = new JsonValues();
                    values.onlyKnownFields(json, "", Set.of("resolution", "by"));
                    String resolution = required(values, json, "resolution", JsonValues.MAX_TEXT_LENGTH);
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    failOn(values);
                    return new ResolveTicket(id, resolution, Requests.by(exchange, by), Instant.now(clock));
                })
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    private static String required(JsonValues values, JsonNode json, String field, int maxLength) {
        String text = values.requiredString(json, field);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            values.reject(field, "not_blank", "must not be blank");
            return null;
        }
        return values.string(json, field, "", maxLength);
    }

    private static Priority priority(JsonValues values, JsonNode json) {
        String text = values.requiredString(json, "priority");
        if (text == null) {
            return null;
        }
        if (!PRIORITIES.contains(text)) {
            values.reject("priority", "one_of", "must be one of " + String.join(", ", PRIORITIES));
            return null;
        }
        return Priority.fromWireName(text);
    }

    private static void failOn(JsonValues values) {
        if (!values.errors().isEmpty()) {
            throw ApiProblem.validation(values.errors());
        }
    }

    static Map<String, Object> toJson(TicketView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.ticketId());
        out.put("incident_id", v.incidentId());
        out.put("agent_id", v.agentId());
        out.put("rule", v.rule());
        out.put("title", v.title());
        out.put("description", v.description());
        out.put("priority", v.priority() == null ? null : v.priority().wireName());
        out.put("severity", v.severity() == null ? null : v.severity().wireName());
        out.put("affected_volume", v.affectedVolume());
        out.put("scope", Requests.scope(v.scope()));
        out.put("state", v.state());
        out.put("created_at", text(v.createdAt()));
        out.put("prioritized_by", v.prioritizedBy());
        out.put("priority_reason", v.priorityReason());
        out.put("prioritized_at", text(v.prioritizedAt()));
        out.put("resolution", v.resolution());
        out.put("resolved_by", v.resolvedBy());
        out.put("resolved_at", text(v.resolvedAt()));
        return out;
    }
}
