package dev.feedbackloop.trigger.cycle;

import dev.feedbackloop.kernel.common.IsoWeeks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.cycle.AcceptSuccessCriteria;
import dev.feedbackloop.kernel.cycle.AddTriageNote;
import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.DecideBacklogItem;
import dev.feedbackloop.kernel.cycle.FindImprovementCycle;
import dev.feedbackloop.kernel.cycle.FindImprovementCycles;
import dev.feedbackloop.kernel.cycle.ImprovementCycleView;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;
import dev.feedbackloop.kernel.cycle.MoveBacklogItem;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.feedbackloop.trigger.web.Requests.text;

/**
 * Improvement cycles. Reading needs analytics:read, everything else triggers:manage.
 * <p>
 * One addressing scheme: {@code /api/v1/cycles/{ref}} where {@code ref} is a cycle id ({@code cy-<agent>-<week>})
 * or an ISO week ({@code 2026-W47}); a week names one cycle per agent, so when several agents have that week
 * {@code agent_id} is required (400 naming agent_id otherwise). Writes address the cycle by its id.
 * <ul>
 * <li>{@code GET /api/v1/cycles?agent_id=&limit=}: newest week first</li>
 * <li>{@code GET /api/v1/cycles/{ref}?agent_id=} and {@code GET /api/v1/cycles/{ref}/report?agent_id=&format=markdown|html}
 * (format defaults to Markdown, or HTML when the Accept header asks for text/html)</li>
 * <li>{@code POST /api/v1/cycles} {@code {agent_id, week}}: opens a cycle for a past or the current week (its past
 * phases then run at once, in order); a future week is refused</li>
 * <li>{@code POST /api/v1/cycles/{id}/notes} {@code {author?, text}}; {@code .../backlog/{itemId}/move}
 * {@code {position, by?}}; {@code .../backlog/{itemId}/decision} {@code {decision: accepted|dropped, by?}};
 * {@code .../deployment} {@code {version, previous_version?, deployed_at, by?}}; {@code .../success-criteria}
 * {@code {thresholds?, by?}} (the proposed ones when thresholds is left out)</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/v1/cycles")
public class CycleController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);
    static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    static final List<String> FORMATS = List.of("markdown", "html");

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
    public Mono<Map<String, Object>> cycles(@RequestParam(name = "agent_id", required = false) String agentId,
                                            @RequestParam(required = false) String limit) {
        FindImprovementCycles query = new FindImprovementCycles(Requests.identifier("agent_id", agentId), null,
                Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(ImprovementCycleView.class)))
                .map(list -> Map.of("cycles", list.stream().map(CycleController::toJson).toList()));
    }

    @GetMapping("/{ref}")
    public Mono<Map<String, Object>> cycle(@PathVariable String ref,
                                           @RequestParam(name = "agent_id", required = false) String agentId) {
        return find(ref, agentId).map(CycleController::toJson);
    }

    @GetMapping("/{ref}/report")
    public Mono<ResponseEntity<String>> report(@PathVariable String ref,
                                               @RequestParam(name = "agent_id", required = false) String agentId,
                                               @RequestParam(required = false) String format,
                                               @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        String wanted = Requests.oneOf("format", format, FORMATS);
        boolean html = wanted != null ? wanted.equals("html") : prefersHtml(accept);
        return find(ref, agentId).map(cycle -> ResponseEntity.ok()
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

    private Mono<ImprovementCycleView> find(String ref, String agentId) {
        String agent = Requests.identifier("agent_id", agentId);
        if (ref.matches("\\d{4}-W\\d{2}")) {
            if (!IsoWeeks.isWeek(ref)) {
                throw ApiProblem.validation("week", "format", "must be an ISO week such as 2026-W47 (W53 only in long years)");
            }
            FindImprovementCycles query = new FindImprovementCycles(agent, ref, 2);
            return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(ImprovementCycleView.class)))
                    .flatMap(list -> {
                        if (list.isEmpty()) {
                            return Mono.error(ApiProblem.notFound("There is no improvement cycle for week " + ref
                                    + (agent == null ? "" : " and agent '" + agent + "'")));
                        }
                        if (list.size() > 1) {
                            return Mono.error(ApiProblem.validation("agent_id", "required",
                                    "is required: several agents have a cycle in week " + ref));
                        }
                        return Mono.just(list.get(0));
                    });
        }
        Requests.pathId(ref, "improvement cycle");
        return Mono.fromFuture(() -> queries.query(new FindImprovementCycle(ref),
                        ResponseTypes.instanceOf(ImprovementCycleView.class)))
                .filter(c -> agent == null || agent.equals(c.agentId()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no improvement cycle '" + ref + "'")));
    }

    @PostMapping
    public Mono<ResponseEntity<Map<String, Object>>> open(@RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("agent_id", "week"))
                .map(json -> Requests.read(json, values -> {
                    String agentId = values.requiredString(json, "agent_id");
                    if (agentId != null) {
                        agentId = values.identifier(json, "agent_id", "");
                    }
                    String week = values.requiredString(json, "week");
                    Instant now = Instant.now(clock);
                    if (week != null && !IsoWeeks.isWeek(week)) {
                        values.reject("week", "format", "must be an ISO week such as 2026-W47 (W53 only in long years)");
                        week = null;
                    } else if (week != null && IsoWeeks.start(week, settings.zoneId()).isAfter(now)) {
                        values.reject("week", "not_future", "must be the current or a past week; "
                                + "the cycle of a future week opens when that week starts");
                        week = null;
                    }
                    if (agentId != null && week != null && !Identifier.isValid(ImprovementCycle.idOf(agentId, week))) {
                        values.reject("agent_id", "max_length", "is too long for a cycle id (cy-<agent_id>-<week>, at most "
                                + JsonValues.MAX_ID_LENGTH + " characters)");
                    }
                    return agentId == null || week == null ? null
                            : CycleOpener.open(agentId, week, settings.zoneId(), now);
                }))
                .flatMap(command -> Requests.send(commands, command).thenReturn(command))
                .map(c -> ResponseEntity.created(URI.create("/api/v1/cycles/" + c.cycleId())).body(opened(c)));
    }

    private static Map<String, Object> opened(OpenImprovementCycle c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.cycleId());
        out.put("agent_id", c.agentId());
        out.put("week", c.week());
        out.put("zone", c.zone());
        out.put("starts_at", text(c.startsAt()));
        out.put("ends_at", text(c.endsAt()));
        return out;
    }

    @PostMapping("/{id}/notes")
    public Mono<ResponseEntity<Map<String, Object>>> note(@PathVariable String id,
                                                          @RequestBody(required = false) Flux<DataBuffer> body,
                                                          ServerWebExchange exchange) {
        Requests.pathId(id, "improvement cycle");
        return Requests.requiredObject(body, Set.of("author", "text"))
                .map(json -> Requests.read(json, values -> {
                    String author = values.string(json, "author", "", JsonValues.MAX_NAME_LENGTH);
                    String text = values.requiredString(json, "text");
                    if (text != null && text.isBlank()) {
                        values.reject("text", "not_blank", "must not be blank");
                    } else if (text != null) {
                        text = values.string(json, "text", "", JsonValues.MAX_TEXT_LENGTH);
                    }
                    return new AddTriageNote(id, ids.next("nt-"), Requests.by(exchange, author), text, Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command).thenReturn(command))
                .map(c -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("note_id", c.noteId());
                    out.put("author", c.author());
                    out.put("text", c.text());
                    out.put("at", text(c.at()));
                    return ResponseEntity.created(URI.create("/api/v1/cycles/" + id)).body(out);
                });
    }

    @PostMapping("/{id}/backlog/{itemId}/move")
    public Mono<ResponseEntity<Void>> move(@PathVariable String id, @PathVariable String itemId,
                                           @RequestBody(required = false) Flux<DataBuffer> body,
                                           ServerWebExchange exchange) {
        Requests.pathId(id, "improvement cycle");
        return Requests.requiredObject(body, Set.of("position", "by"))
                .map(json -> Requests.read(json, values -> {
                    Long position = values.integer(json, "position", "", 0, Integer.MAX_VALUE);
                    if (position == null && values.errors().isEmpty()) {
                        values.reject("position", "required", "is required");
                    }
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    return new MoveBacklogItem(id, itemId, position == null ? 0 : position.intValue(),
                            Requests.by(exchange, by), Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{id}/backlog/{itemId}/decision")
    public Mono<ResponseEntity<Void>> decide(@PathVariable String id, @PathVariable String itemId,
                                             @RequestBody(required = false) Flux<DataBuffer> body,
                                             ServerWebExchange exchange) {
        Requests.pathId(id, "improvement cycle");
        return Requests.requiredObject(body, Set.of("decision", "by"))
                .map(json -> Requests.read(json, values -> {
                    String decision = values.requiredString(json, "decision");
                    if (decision != null && !ImprovementCycle.DECISIONS.contains(decision)) {
                        values.reject("decision", "one_of", "must be one of accepted, dropped");
                    }
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    return new DecideBacklogItem(id, itemId, decision, Requests.by(exchange, by), Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{id}/deployment")
    public Mono<ResponseEntity<Void>> deployment(@PathVariable String id,
                                                 @RequestBody(required = false) Flux<DataBuffer> body,
                                                 ServerWebExchange exchange) {
        Requests.pathId(id, "improvement cycle");
        return Requests.requiredObject(body, Set.of("version", "previous_version", "deployed_at", "by"))
                .map(json -> Requests.read(json, values -> {
                    String version = values.requiredString(json, "version");
                    if (version != null) {
                        version = values.identifier(json, "version", "");
                    }
                    String previous = values.identifier(json, "previous_version", "");
                    Instant deployedAt = null;
                    String raw = values.requiredString(json, "deployed_at");
                    if (raw != null) {
                        try {
                            deployedAt = Instant.parse(raw);
                        } catch (DateTimeParseException e) {
                            values.reject("deployed_at", "format", "must be an ISO-8601 instant such as 2026-11-26T10:00:00Z");
                        }
                    }
                    if (deployedAt != null && deployedAt.isAfter(Instant.now(clock))) {
                        values.reject("deployed_at", "not_future", "must not be in the future");
                    }
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    return new RecordDeployedVersion(id, version, previous, deployedAt, Requests.by(exchange, by),
                            Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{id}/success-criteria")
    public Mono<ResponseEntity<Void>> acceptCriteria(@PathVariable String id,
                                                     @RequestBody(required = false) Flux<DataBuffer> body,
                                                     ServerWebExchange exchange) {
        Requests.pathId(id, "improvement cycle");
        return Requests.optionalObject(body, Set.of("thresholds", "by"))
                .map(json -> Requests.read(json, values -> {
                    Map<String, Double> thresholds = thresholds(values, json.get("thresholds"));
                    String by = values.string(json, "by", "", JsonValues.MAX_NAME_LENGTH);
                    return new AcceptSuccessCriteria(id, thresholds, Requests.by(exchange, by), Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    private static Map<String, Double> thresholds(JsonValues values, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            values.reject("thresholds", "type", "must be an object of metric names to numbers");
            return null;
        }
        Map<String, Double> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = "thresholds." + field.getKey();
            if (field.getKey().isBlank() || field.getKey().length() > JsonValues.MAX_ID_LENGTH) {
                values.reject(name, "format", "metric names must be 1-" + JsonValues.MAX_ID_LENGTH + " characters");
            } else if (!field.getValue().isNumber() || !Double.isFinite(field.getValue().doubleValue())) {
                values.reject(name, "type", "must be a finite number");
            } else {
                out.put(field.getKey(), field.getValue().doubleValue());
            }
        }
        return out;
    }

    static Map<String, Object> toJson(ImprovementCycleView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.cycleId());
        out.put("agent_id", v.agentId());
        out.put("week", v.week());
        out.put("zone", v.zone());
        out.put("starts_at", text(v.startsAt()));
        out.put("ends_at", text(v.endsAt()));
        out.put("opened_at", text(v.openedAt()));
        out.put("state", v.closedAt() == null ? "open" : "closed");
        out.put("phase", v.phase());
        Map<String, Object> phases = new LinkedHashMap<>();
        v.phaseStartedAt().forEach((phase, at) -> phases.put(phase, text(at)));
        out.put("phase_started_at", phases);
        out.put("review", review(v.review()));
        out.put("notes", v.notes().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("note_id", n.noteId());
            m.put("author", n.author());
            m.put("text", n.text());
            m.put("at", text(n.at()));
            return m;
        }).toList());
        out.put("problems", v.problems() == null ? null : v.problems().stream().map(CycleController::problem).toList());
        out.put("backlog", v.backlog() == null ? null : backlog(v.backlog()));
        out.put("linked_work", v.work().stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", w.kind());
            m.put("work_id", w.workId());
            m.put("state", w.state());
            m.put("at", text(w.at()));
            return m;
        }).toList());
        if (v.dataset() == null) {
            out.put("dataset", null);
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset_id", v.dataset().datasetId());
            m.put("version", v.dataset().version());
            m.put("test_cases", v.dataset().testCases());
            m.put("at", text(v.dataset().at()));
            out.put("dataset", m);
        }
        if (v.deployment() == null) {
            out.put("deployment", null);
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.deployment().version());
            m.put("previous_version", v.deployment().previousVersion());
            m.put("deployed_at", text(v.deployment().deployedAt()));
            m.put("by", v.deployment().by());
            m.put("at", text(v.deployment().at()));
            out.put("deployment", m);
        }
        out.put("measurement", measurement(v.measurement()));
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("proposed", v.proposedCriteria());
        criteria.put("proposed_at", text(v.criteriaProposedAt()));
        criteria.put("accepted", v.acceptedCriteria());
        criteria.put("accepted_by", v.criteriaAcceptedBy());
        criteria.put("accepted_at", text(v.criteriaAcceptedAt()));
        out.put("success_criteria", criteria);
        out.put("closed_at", text(v.closedAt()));
        return out;
    }

    private static Map<String, Object> review(CycleReview r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", text(r.from()));
        m.put("to", text(r.to()));
        m.put("incident_ids", r.incidentIds() == null ? List.of() : r.incidentIds());
        m.put("alerts_raised", r.alertsRaised());
        m.put("tickets_opened", r.ticketsOpened());
        m.put("tickets_resolved", r.ticketsResolved());
        List<Map<String, Object>> deltas = new ArrayList<>();
        for (MetricDelta d : r.deltas() == null ? List.<MetricDelta>of() : r.deltas()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("metric", d.metric());
            x.put("previous", d.previous());
            x.put("current", d.current());
            x.put("change", d.change());
            x.put("previous_count", d.previousCount());
            x.put("current_count", d.currentCount());
            deltas.add(x);
        }
        m.put("deltas", deltas);
        return m;
    }

    private static Map<String, Object> problem(CycleProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind());
        m.put("key", p.key());
        m.put("label", p.label());
        m.put("volume", p.volume());
        m.put("metric", p.metric());
        m.put("value", p.value());
        m.put("change", p.change());
        return m;
    }

    private static List<Map<String, Object>> backlog(List<BacklogItem> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        int position = 0;
        for (BacklogItem i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("position", position++);
            m.put("item_id", i.itemId());
            m.put("kind", i.kind());
            m.put("ref_id", i.refId());
            m.put("title", i.title());
            m.put("affected_volume", i.affectedVolume());
            m.put("severity", i.severity());
            m.put("trend", i.trend());
            m.put("score", i.score());
            m.put("decision", i.decision());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> measurement(CycleMeasurement x) {
        if (x == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("previous_version", x.previousVersion());
        m.put("deployed_version", x.deployedVersion());
        m.put("verdict", x.verdict());
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (MetricComparison c : x.comparisons() == null ? List.<MetricComparison>of() : x.comparisons()) {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("metric", c.metric());
            y.put("test", c.test());
            y.put("before", c.before());
            y.put("after", c.after());
            y.put("before_count", c.beforeCount());
            y.put("after_count", c.afterCount());
            y.put("statistic", c.statistic());
            y.put("p_value", c.pValue());
            y.put("significant", c.significant());
            comparisons.add(y);
        }
        m.put("comparisons", comparisons);
        return m;
    }
}
