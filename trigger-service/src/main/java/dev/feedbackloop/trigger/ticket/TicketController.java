package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.FindTicket;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.ResolveTicket;
import dev.feedbackloop.kernel.trigger.TicketView;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Locations;
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
 * Tickets: reading them needs analytics:read, opening, re-prioritising and resolving them triggers:manage. People
 * may open a ticket by hand (it then has no incident, rule or severity). Listings sort by priority, highest first,
 * then oldest first. Re-prioritising a resolved ticket is a 409.
 */
@RestController
@RequestMapping("/api/v1/tickets")
@Tag(name = "tickets", description = "Tickets opened for incidents or by hand, prioritised and resolved")
public class TicketController {

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
    @Operation(summary = "Lists tickets, highest priority first, then oldest first")
    public Mono<TicketsResponse> tickets(@ParameterObject TicketsQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(TicketView.class)))
                .map(list -> new TicketsResponse(list.stream().map(TicketResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows a ticket")
    public Mono<TicketResponse> ticket(@PathVariable String id) {
        Requests.pathId(id, "ticket");
        return Mono.fromFuture(() -> queries.query(new FindTicket(id), ResponseTypes.instanceOf(TicketView.class)))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no ticket '" + id + "'")))
                .map(TicketResponse::of);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Opens a ticket by hand")
    public Mono<ResponseEntity<TicketResponse>> open(@RequestBody OpenTicketRequest request) {
        CreateTicket command = request.command(ids.next("tk-"), clock.instant());
        return Requests.send(commands, command)
                .thenReturn(ResponseEntity.created(Locations.of("/api/v1/tickets", command.ticketId()))
                        .body(TicketResponse.opened(command)));
    }

    @PostMapping("/{id}/priority")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Re-prioritises an open ticket")
    public Mono<ResponseEntity<Void>> prioritize(@PathVariable String id, @RequestBody PrioritizeTicketRequest request,
                                                 ServerWebExchange exchange) {
        Requests.pathId(id, "ticket");
        return done(new PrioritizeTicket(id, Priority.fromWireName(request.priority()), request.reason(),
                Requests.by(exchange, request.by()), clock.instant()));
    }

    @PostMapping("/{id}/resolve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Resolves a ticket")
    public Mono<ResponseEntity<Void>> resolve(@PathVariable String id, @RequestBody ResolveTicketRequest request,
                                              ServerWebExchange exchange) {
        Requests.pathId(id, "ticket");
        return done(new ResolveTicket(id, request.resolution(), Requests.by(exchange, request.by()), clock.instant()));
    }

    private Mono<ResponseEntity<Void>> done(Object command) {
        return Requests.send(commands, command).thenReturn(ResponseEntity.noContent().<Void>build());
    }
}
