package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.kernel.trigger.ApproveTestCase;
import dev.feedbackloop.kernel.trigger.FindTestCase;
import dev.feedbackloop.kernel.trigger.RejectTestCase;
import dev.feedbackloop.kernel.trigger.RetireTestCase;
import dev.feedbackloop.kernel.trigger.TestCaseView;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * Test cases proposed from failures: listed and read with analytics:read, approved, rejected and retired with
 * triggers:manage. A decision answers at once; the listings follow once the projection has it.
 */
@RestController
@RequestMapping("/api/v1/test-cases")
@Tag(name = "test-cases", description = "Test cases proposed from failures: approved, rejected and retired")
public class TestCaseController {

    private static final String WHAT = "test case";

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
    @Operation(summary = "Lists test cases, newest first")
    public Mono<TestCasesResponse> list(@ParameterObject TestCasesQuery query) {
        return Mono.fromFuture(() -> queries.query(query.query(), ResponseTypes.multipleInstancesOf(TestCaseView.class)))
                .map(list -> new TestCasesResponse(list.stream().map(TestCaseResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows a test case")
    public Mono<TestCaseResponse> one(@PathVariable String id) {
        Requests.pathId(id, WHAT);
        return Mono.fromFuture(() -> queries.query(new FindTestCase(id), ResponseTypes.instanceOf(TestCaseView.class)))
                .switchIfEmpty(Mono.error(() -> Requests.notFound(WHAT, id)))
                .map(TestCaseResponse::of);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approves a proposed test case")
    public Mono<TestCaseResponse.Decision> approve(@PathVariable String id, ServerWebExchange exchange,
                                                   @RequestBody(required = false) ApproveTestCaseRequest request) {
        String expected = request == null ? null : request.expected();
        return decide(id, new ApproveTestCase(id, expected, Requests.actor(exchange), clock.instant()), "approved");
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Rejects a proposed test case")
    public Mono<TestCaseResponse.Decision> reject(@PathVariable String id, ServerWebExchange exchange,
                                                  @RequestBody RejectTestCaseRequest request) {
        return decide(id, new RejectTestCase(id, request.reason(), Requests.actor(exchange), clock.instant()),
                "rejected");
    }

    @PostMapping("/{id}/retire")
    @Operation(summary = "Retires an approved test case")
    public Mono<TestCaseResponse.Decision> retire(@PathVariable String id, ServerWebExchange exchange,
                                                  @RequestBody(required = false) RetireTestCaseRequest request) {
        String reason = request == null ? null : request.reason();
        return decide(id, new RetireTestCase(id, reason, Requests.actor(exchange), clock.instant()), "retired");
    }

    /** Sends the decision; an id that cannot name a test case, or one never proposed, answers 404. */
    private Mono<TestCaseResponse.Decision> decide(String id, Object command, String state) {
        Requests.pathId(id, WHAT);
        return Requests.send(commands, command, () -> Requests.notFound(WHAT, id))
                .thenReturn(new TestCaseResponse.Decision(id, state));
    }
}
