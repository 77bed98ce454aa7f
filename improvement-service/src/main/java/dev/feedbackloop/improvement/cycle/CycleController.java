package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.IsoWeeks;
import dev.feedbackloop.kernel.cycle.AcceptSuccessCriteria;
import dev.feedbackloop.kernel.cycle.AddTriageNote;
import dev.feedbackloop.kernel.cycle.DecideBacklogItem;
import dev.feedbackloop.kernel.cycle.FindImprovementCycle;
import dev.feedbackloop.kernel.cycle.FindImprovementCycles;
import dev.feedbackloop.kernel.cycle.ImprovementCycleView;
import dev.feedbackloop.kernel.cycle.MoveBacklogItem;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.Locations;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Improvement cycles: reading needs analytics:read, everything else triggers:manage. A cycle is addressed as
 * {@code /api/v1/cycles/{ref}}, {@code ref} its id ({@code cy-<agent>-<week>}) or an ISO week ({@code 2026-W47}); a
 * week names one cycle per agent, so when several agents have that week {@code agent_id} is required. Writes
 * address the cycle by its id.
 */
@RestController
@RequestMapping("/api/v1/cycles")
@Tag(name = "cycles", description = "The weekly improvement cycle of each agent: review, deep dive, prioritization,"
        + " implementation, measurement")
public class CycleController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    static final String CYCLE = "improvement cycle";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;
    private final CycleSettings settings;

    public CycleController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock,
                           CycleSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    @Bean
    static AccessRule readCycles() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/cycles/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageCycles() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/cycles/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    @Operation(summary = "Lists cycles, newest week first")
    public Mono<CyclesResponse> cycles(@ParameterObject CyclesQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(ImprovementCycleView.class)))
                .map(list -> new CyclesResponse(list.stream().map(CycleResponse::of).toList()));
    }

    @GetMapping("/{ref}")
    @Operation(summary = "Shows a cycle, named by its id or by its week")
    public Mono<CycleResponse> cycle(@PathVariable String ref, @ParameterObject CycleRefQuery query) {
        return find(ref, query.agentId()).map(CycleResponse::of);
    }

    @GetMapping("/{ref}/report")
    @Operation(summary = "Renders a cycle's report in Markdown or HTML", responses = @ApiResponse(responseCode = "200",
            description = "the report", content = {
                    @Content(mediaType = "text/markdown", schema = @Schema(type = "string")),
                    @Content(mediaType = "text/html", schema = @Schema(type = "string"))}))
    public Mono<ResponseEntity<String>> report(@PathVariable String ref, @ParameterObject CycleReportQuery query,
                                               @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean html = query.format() != null ? query.format().equals("html") : prefersHtml(accept);
        return find(ref, query.agentId()).map(cycle -> ResponseEntity.ok()
                .contentType(html ? HTML : MARKDOWN)
                .body(html ? CycleReport.html(cycle) : CycleReport.markdown(cycle)));
    }

    /** HTML when the Accept header lists text/html before (or without) text/markdown. */
    static boolean prefersHtml(String accept) {
        if (accept == null) {
            return false;
        }
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.getType().equals("text") && type.getSubtype().equals("markdown")) {
                    return false;
                }
                if (type.getType().equals("text") && type.getSubtype().equals("html")) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The cycle a ref names: by id, or by week (and agent, when several agents have that week). */
    private Mono<ImprovementCycleView> find(String ref, String agent) {
        if (ref.matches("\\d{4}-W\\d{2}")) {
            if (!IsoWeeks.isWeek(ref)) {
                throw ApiProblem.validation("week", "format", IsoWeek.MESSAGE);
            }
            FindImprovementCycles query = new FindImprovementCycles(agent, ref, 2);
            return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(ImprovementCycleView.class)))
                    .flatMap(list -> list.size() == 1 ? Mono.just(list.get(0)) : Mono.error(list.isEmpty()
                            ? ApiProblem.notFound("There is no improvement cycle for week " + ref
                            + (agent == null ? "" : " and agent '" + agent + "'"))
                            : ApiProblem.validation("agent_id", "required",
                            "is required: several agents have a cycle in week " + ref)));
        }
        Requests.pathId(ref, CYCLE);
        return Mono.fromFuture(() -> queries.query(new FindImprovementCycle(ref),
                        ResponseTypes.instanceOf(ImprovementCycleView.class)))
                .filter(c -> agent == null || agent.equals(c.agentId()))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(CYCLE, ref)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Opens an agent's cycle for a past or the current week",
            description = "The phases whose times have passed run at once, in order. Opening a cycle again changes nothing.")
    public Mono<ResponseEntity<OpenedCycleResponse>> open(@RequestBody OpenCycleRequest request) {
        OpenImprovementCycle command = request.command(settings.zoneId(), clock.instant());
        return Requests.send(commands, command)
                .thenReturn(ResponseEntity.created(Locations.of("/api/v1/cycles", command.cycleId()))
                        .body(OpenedCycleResponse.of(command)));
    }

    @PostMapping("/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Adds a triage note to a cycle")
    public Mono<ResponseEntity<CycleResponse.Note>> note(@PathVariable String id, @RequestBody TriageNoteRequest request,
                                                         ServerWebExchange exchange) {
        Requests.pathId(id, CYCLE);
        AddTriageNote command = new AddTriageNote(id, ids.next("nt-"), Requests.by(exchange, request.author()),
                request.text(), clock.instant());
        return Requests.send(commands, command)
                .thenReturn(ResponseEntity.created(Locations.of("/api/v1/cycles", id)).body(new CycleResponse.Note(
                        command.noteId(), command.author(), command.text(), command.at())));
    }

    @PostMapping("/{id}/backlog/{itemId}/move")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Moves a backlog item to another position")
    public Mono<ResponseEntity<Void>> move(@PathVariable String id, @PathVariable String itemId,
                                           @RequestBody MoveBacklogItemRequest request, ServerWebExchange exchange) {
        Requests.pathId(id, CYCLE);
        return done(new MoveBacklogItem(id, itemId, request.position(), Requests.by(exchange, request.by()),
                clock.instant()));
    }

    @PostMapping("/{id}/backlog/{itemId}/decision")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Accepts or drops a backlog item")
    public Mono<ResponseEntity<Void>> decide(@PathVariable String id, @PathVariable String itemId,
                                             @RequestBody BacklogDecisionRequest request, ServerWebExchange exchange) {
        Requests.pathId(id, CYCLE);
        return done(new DecideBacklogItem(id, itemId, request.decision(), Requests.by(exchange, request.by()),
                clock.instant()));
    }

    @PostMapping("/{id}/deployment")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Records the version deployed during the cycle's week")
    public Mono<ResponseEntity<Void>> deployment(@PathVariable String id, @RequestBody DeployedVersionRequest request,
                                                 ServerWebExchange exchange) {
        Requests.pathId(id, CYCLE);
        return done(new RecordDeployedVersion(id, request.version(), request.previousVersion(), request.deployedAt(),
                Requests.by(exchange, request.by()), clock.instant()));
    }

    @PostMapping("/{id}/success-criteria")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Accepts a closed cycle's success criteria, the proposed ones unless others are given")
    public Mono<ResponseEntity<Void>> acceptCriteria(@PathVariable String id,
                                                     @RequestBody(required = false) SuccessCriteriaRequest request,
                                                     ServerWebExchange exchange) {
        Requests.pathId(id, CYCLE);
        SuccessCriteriaRequest accepted = request == null ? new SuccessCriteriaRequest(null, null) : request;
        return done(new AcceptSuccessCriteria(id, accepted.thresholdsToAccept(), Requests.by(exchange, accepted.by()),
                clock.instant()));
    }

    private Mono<ResponseEntity<Void>> done(Object command) {
        return Requests.send(commands, command).thenReturn(ResponseEntity.noContent().<Void>build());
    }
}
