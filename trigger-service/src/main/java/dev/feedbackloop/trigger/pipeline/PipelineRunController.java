package dev.feedbackloop.trigger.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.trigger.CompletePipelineRun;
import dev.feedbackloop.kernel.trigger.FailPipelineRun;
import dev.feedbackloop.kernel.trigger.FindPipelineRun;
import dev.feedbackloop.kernel.trigger.FindPipelineRuns;
import dev.feedbackloop.kernel.trigger.PipelineRunView;
import dev.feedbackloop.kernel.trigger.StartPipelineRun;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
 * Runs of automated pipelines: listed and read with analytics:read; the pipeline reports start, completion and
 * failure with triggers:manage. A report answers at once; the listings follow once the projection has it.
 */
@RestController
@RequestMapping("/api/v1/pipeline-runs")
public class PipelineRunController {

    private static final String WHAT = "pipeline run";
    static final List<String> STATES = List.of("requested", "started", "completed", "failed");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    public PipelineRunController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    @Bean
    static AccessRule readPipelineRuns() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/pipeline-runs/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule managePipelineRuns() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/pipeline-runs/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Mono<Map<String, Object>> list(@RequestParam(required = false) String pipeline,
                                          @RequestParam(name = "agent_id", required = false) String agentId,
                                          @RequestParam(required = false) String state,
                                          @RequestParam(required = false) String limit) {
        FindPipelineRuns query = new FindPipelineRuns(Requests.filter("pipeline", pipeline),
                Requests.identifier("agent_id", agentId), Requests.oneOf("state", state, STATES), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(PipelineRunView.class)))
                .map(list -> Map.of("pipeline_runs", list.stream().map(PipelineRunController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> one(@PathVariable String id) {
        if (!Requests.wellFormed(id)) {
            return Mono.error(Requests.notFound(WHAT, id));
        }
        return Mono.fromFuture(() -> queries.query(new FindPipelineRun(id), ResponseTypes.instanceOf(PipelineRunView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(PipelineRunController::toJson);
    }

    @PostMapping("/{id}/start")
    public Mono<Map<String, Object>> start(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.optionalObject(body, Set.of("external_id"))
                .map(root -> Requests.read(root, v -> Optional.ofNullable(v.string(root, "external_id", "", JsonValues.MAX_NAME_LENGTH))))
                .flatMap(externalId -> report(id, new StartPipelineRun(id, externalId.orElse(null), Instant.now(clock)), "started"));
    }

    @PostMapping("/{id}/complete")
    public Mono<Map<String, Object>> complete(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.optionalObject(body, Set.of("outputs"))
                .map(root -> Requests.read(root, v -> outputs(v, root.get("outputs"))))
                .flatMap(outputs -> report(id, new CompletePipelineRun(id, outputs, Instant.now(clock)), "completed"));
    }

    @PostMapping("/{id}/fail")
    public Mono<Map<String, Object>> fail(@PathVariable String id, @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("reason"))
                .map(root -> Requests.read(root, v -> Requests.failureReason(v, root)))
                .flatMap(reason -> report(id, new FailPipelineRun(id, reason, Instant.now(clock)), "failed"));
    }

    static Map<String, String> outputs(JsonValues values, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            values.reject("outputs", "type", "must be a JSON object of strings");
            return Map.of();
        }
        if (node.size() > PipelineRun.MAX_ENTRIES) {
            values.reject("outputs", "max_items", "must have at most " + PipelineRun.MAX_ENTRIES + " entries");
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(entry -> {
            String field = "outputs." + entry.getKey();
            if (!PipelineRun.validKey(entry.getKey())) {
                values.reject(field, "format", "keys must be 1-128 characters without '.' and not start with '$'");
            } else if (!entry.getValue().isTextual()) {
                values.reject(field, "type", "must be a string");
            } else if (entry.getValue().textValue().length() > PipelineRun.MAX_VALUE_LENGTH) {
                values.reject(field, "max_length", "must be at most " + PipelineRun.MAX_VALUE_LENGTH + " characters");
            } else {
                out.put(entry.getKey(), entry.getValue().textValue());
            }
        });
        return out;
    }

    private Mono<Map<String, Object>> report(String id, Object command, String state) {
        return Requests.transition(commands, WHAT, id, command, state);
    }


    static Map<String, Object> toJson(PipelineRunView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.runId());
        out.put("pipeline", v.pipeline());
        out.put("state", v.state());
        out.put("agent_id", v.agentId());
        out.put("incident_id", v.incidentId());
        out.put("parameters", v.parameters());
        out.put("reason", v.reason());
        out.put("requested_at", text(v.requestedAt()));
        out.put("external_id", v.externalId());
        out.put("started_at", text(v.startedAt()));
        out.put("ended_at", text(v.endedAt()));
        out.put("outputs", v.outputs());
        out.put("failure_reason", v.failureReason());
        return out;
    }
}
