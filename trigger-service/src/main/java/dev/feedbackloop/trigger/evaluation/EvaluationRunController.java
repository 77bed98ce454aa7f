package dev.feedbackloop.trigger.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.trigger.CompleteEvaluationRun;
import dev.feedbackloop.kernel.trigger.EvaluationRunView;
import dev.feedbackloop.kernel.trigger.FailEvaluationRun;
import dev.feedbackloop.kernel.trigger.FindEvaluationRun;
import dev.feedbackloop.kernel.trigger.FindEvaluationRuns;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.kernel.trigger.StartEvaluationRun;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.feedbackloop.trigger.web.Requests.text;

/**
 * Evaluation runs: listed and read with analytics:read; requested by people or pipelines, and started, completed
 * and failed by the evaluation pipeline, with triggers:manage. A completed run gets its verdict shortly after.
 */
@RestController
@RequestMapping("/api/v1/evaluation-runs")
public class EvaluationRunController {

    private static final String WHAT = "evaluation run";
    static final List<String> STATES = List.of("requested", "started", "completed", "failed", "timed_out");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;
    private final EvaluationSettings settings;

    public EvaluationRunController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock,
                                   EvaluationSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    @Bean
    static AccessRule readEvaluationRuns() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/evaluation-runs/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageEvaluationRuns() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/evaluation-runs/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Mono<Map<String, Object>> list(@RequestParam(name = "agent_id", required = false) String agentId,
                                          @RequestParam(required = false) String state,
                                          @RequestParam(required = false) String limit) {
        FindEvaluationRuns query = new FindEvaluationRuns(Requests.identifier("agent_id", agentId),
                Requests.oneOf("state", state, STATES), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(EvaluationRunView.class)))
                .map(list -> Map.of("evaluation_runs", list.stream().map(EvaluationRunController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> one(@PathVariable String id) {
        if (!Requests.wellFormed(id)) {
            return Mono.error(Requests.notFound(WHAT, id));
        }
        return Mono.fromFuture(() -> queries.query(new FindEvaluationRun(id), ResponseTypes.instanceOf(EvaluationRunView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(EvaluationRunController::toJson);
    }

    @PostMapping
    public Mono<ResponseEntity<Map<String, Object>>> request(@RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("agent_id", "agent_version", "dataset", "reason", "incident_id"))
                .map(root -> Requests.read(root, v -> {
                    String agentId = required(v, root, "agent_id");
                    String agentVersion = required(v, root, "agent_version");
                    String dataset = required(v, root, "dataset");
                    String reason = v.string(root, "reason", "", JsonValues.MAX_TEXT_LENGTH);
                    String incidentId = v.identifier(root, "incident_id", "");
                    return new RequestEvaluationRun(ids.next("ev-"), incidentId, agentId, agentVersion, dataset,
                            reason, Instant.now(clock));
                }))
                .flatMap(command -> Requests.send(commands, command, () -> Requests.notFound(WHAT, command.runId()))
                        .thenReturn(ResponseEntity.created(URI.create("/api/v1/evaluation-runs/" + command.runId()))
                                .body(toJson(requested(command)))));
    }

    /** A required identifier-like value: 1-128 characters without whitespace. */
    private static String required(JsonValues values, JsonNode root, String field) {
        if (root.get(field) == null || root.get(field).isNull()) {
            values.reject(field, "required", "is required");
            return null;
        }
        return values.identifier(root, field, "");
    }

    @PostMapping("/{id}/start")
    public Mono<Map<String, Object>> start(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.optionalObject(body, Set.of("external_id"))
                .map(root -> Requests.read(root, v -> Optional.ofNullable(v.string(root, "external_id", "", JsonValues.MAX_NAME_LENGTH))))
                .flatMap(externalId -> report(id, new StartEvaluationRun(id, externalId.orElse(null), Instant.now(clock)), "started"));
    }

    @PostMapping("/{id}/complete")
    public Mono<Map<String, Object>> complete(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("metrics"))
                .map(root -> Requests.read(root, v -> metrics(v, root.get("metrics"))))
                .flatMap(metrics -> report(id, new CompleteEvaluationRun(id, metrics, Instant.now(clock)), "completed"));
    }

    @PostMapping("/{id}/fail")
    public Mono<Map<String, Object>> fail(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("reason"))
                .map(root -> Requests.read(root, v -> Requests.failureReason(v, root)))
                .flatMap(reason -> report(id, new FailEvaluationRun(id, reason, Instant.now(clock)), "failed"));
    }

    /** Numbers only, named like metric_name, finite and within ±1e12; every *_rate within [0, 1]. */
    static Map<String, Double> metrics(JsonValues values, JsonNode node) {
        if (node == null || node.isNull()) {
            values.reject("metrics", "required", "is required");
            return null;
        }
        if (!node.isObject()) {
            values.reject("metrics", "type", "must be a JSON object of numbers");
            return null;
        }
        if (node.size() > Metrics.MAX_METRICS) {
            values.reject("metrics", "max_items", "must have at most " + Metrics.MAX_METRICS + " metrics");
            return null;
        }
        Map<String, Double> out = new TreeMap<>();
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            String field = "metrics." + name;
            JsonNode value = entry.getValue();
            if (!Metrics.NAME.matcher(name).matches()) {
                values.reject(field, "format", "metric names are lower-case letters, digits and _, starting with a letter");
            } else if (!value.isNumber()) {
                values.reject(field, "type", "must be a number");
            } else {
                String problem = Metrics.problem(name, value.doubleValue());
                if (problem != null) {
                    values.reject(field, "range", problem);
                } else {
                    out.put(name, value.doubleValue());
                }
            }
        });
        return out;
    }

    private Mono<Map<String, Object>> report(String id, Object command, String state) {
        return Requests.transition(commands, WHAT, id, command, state);
    }

    private EvaluationRunView requested(RequestEvaluationRun c) {
        return new EvaluationRunView(c.runId(), c.incidentId(), c.agentId(), c.agentVersion(), c.dataset(), c.reason(),
                "requested", c.requestedAt(), c.requestedAt().plus(settings.timeout()), null, null, null, null, null,
                null, null, null, null);
    }


    static Map<String, Object> toJson(EvaluationRunView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.runId());
        out.put("state", v.state());
        out.put("agent_id", v.agentId());
        out.put("agent_version", v.agentVersion());
        out.put("dataset", v.dataset());
        out.put("incident_id", v.incidentId());
        out.put("reason", v.reason());
        out.put("requested_at", text(v.requestedAt()));
        out.put("deadline", text(v.deadline()));
        out.put("external_id", v.externalId());
        out.put("started_at", text(v.startedAt()));
        out.put("ended_at", text(v.endedAt()));
        out.put("metrics", v.metrics());
        out.put("failure_reason", v.failureReason());
        out.put("verdict", v.verdict());
        out.put("baseline_run_id", v.baselineRunId());
        out.put("reasons", v.reasons());
        out.put("judged_at", text(v.judgedAt()));
        return out;
    }
}
