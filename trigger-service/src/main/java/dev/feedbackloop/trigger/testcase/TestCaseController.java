package dev.feedbackloop.trigger.testcase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.trigger.ApproveTestCase;
import dev.feedbackloop.kernel.trigger.FindTestCase;
import dev.feedbackloop.kernel.trigger.FindTestCases;
import dev.feedbackloop.kernel.trigger.RejectTestCase;
import dev.feedbackloop.kernel.trigger.RetireTestCase;
import dev.feedbackloop.kernel.trigger.TestCaseView;
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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.feedbackloop.trigger.web.Requests.text;

/**
 * Test cases proposed from failures: listed and read with analytics:read, approved, rejected and retired with
 * triggers:manage. A decision answers at once; the listings follow once the projection has it.
 */
@RestController
@RequestMapping("/api/v1/test-cases")
public class TestCaseController {

    private static final String WHAT = "test case";
    static final List<String> STATES = List.of("proposed", "approved", "rejected", "retired");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;

    public TestCaseController(CommandGateway commands, QueryGateway queries, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    @Bean
    static AccessRule readTestCases() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/test-cases/**", Scope.ANALYTICS_READ);
    }

    @Bean
    static AccessRule manageTestCases() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/test-cases/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Mono<Map<String, Object>> list(@RequestParam(required = false) String state,
                                          @RequestParam(name = "agent_id", required = false) String agentId,
                                          @RequestParam(name = "cluster_id", required = false) String clusterId,
                                          @RequestParam(required = false) String limit) {
        FindTestCases query = new FindTestCases(Requests.oneOf("state", state, STATES),
                Requests.identifier("agent_id", agentId), Requests.identifier("cluster_id", clusterId), Requests.limit(limit));
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.multipleInstancesOf(TestCaseView.class)))
                .map(list -> Map.of("test_cases", list.stream().map(TestCaseController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> one(@PathVariable String id) {
        if (!Requests.wellFormed(id)) {
            return Mono.error(Requests.notFound(WHAT, id));
        }
        return Mono.fromFuture(() -> queries.query(new FindTestCase(id), ResponseTypes.instanceOf(TestCaseView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(TestCaseController::toJson);
    }

    @PostMapping("/{id}/approve")
    public Mono<Map<String, Object>> approve(@PathVariable String id, ServerWebExchange exchange,
                                             @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.optionalObject(body, Set.of("expected"))
                .map(root -> Requests.read(root, v -> Optional.ofNullable(v.string(root, "expected", "", TestCase.MAX_TEXT))))
                .flatMap(expected -> decide(id, new ApproveTestCase(id, expected.orElse(null), Requests.actor(exchange),
                        Instant.now(clock)), "approved"));
    }

    @PostMapping("/{id}/reject")
    public Mono<Map<String, Object>> reject(@PathVariable String id, ServerWebExchange exchange,
                                            @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.requiredObject(body, Set.of("reason"))
                .map(root -> Requests.read(root, v -> reason(v, root, true)))
                .flatMap(reason -> decide(id, new RejectTestCase(id, reason, Requests.actor(exchange),
                        Instant.now(clock)), "rejected"));
    }

    @PostMapping("/{id}/retire")
    public Mono<Map<String, Object>> retire(@PathVariable String id, ServerWebExchange exchange,
                                            @RequestBody(required = false) Flux<DataBuffer> body) {
        return Requests.optionalObject(body, Set.of("reason"))
                .map(root -> Requests.read(root, v -> Optional.ofNullable(reason(v, root, false))))
                .flatMap(reason -> decide(id, new RetireTestCase(id, reason.orElse(null), Requests.actor(exchange),
                        Instant.now(clock)), "retired"));
    }

    static String reason(JsonValues values, JsonNode root, boolean required) {
        String reason = required && (root.get("reason") == null || root.get("reason").isNull())
                ? values.requiredString(root, "reason")
                : values.string(root, "reason", "", JsonValues.MAX_TEXT_LENGTH);
        if (reason != null && reason.length() > JsonValues.MAX_TEXT_LENGTH) {
            values.reject("reason", "max_length", "must be at most " + JsonValues.MAX_TEXT_LENGTH + " characters");
            return null;
        }
        if (required && reason != null && reason.isBlank()) {
            values.reject("reason", "not_blank", "must not be blank");
            return null;
        }
        return reason;
    }

    private Mono<Map<String, Object>> decide(String id, Object command, String state) {
        return Requests.transition(commands, WHAT, id, command, state);
    }


    static Map<String, Object> toJson(TestCaseView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.testCaseId());
        out.put("state", v.state());
        out.put("agent_id", v.agentId());
        out.put("cluster_id", v.clusterId());
        out.put("incident_id", v.incidentId());
        out.put("feedback_id", v.feedbackId());
        out.put("trace_id", v.traceId());
        out.put("intent_category", v.intentCategory());
        out.put("input", v.input());
        out.put("observed", v.observed());
        out.put("expected", v.expected());
        out.put("created_at", text(v.createdAt()));
        out.put("decided_by", v.decidedBy());
        out.put("decided_at", text(v.decidedAt()));
        out.put("rejection_reason", v.rejectionReason());
        out.put("retired_by", v.retiredBy());
        out.put("retired_at", text(v.retiredAt()));
        out.put("retired_reason", v.retiredReason());
        return out;
    }
}
