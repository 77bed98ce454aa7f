package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.AgentSummary;
import dev.feedbackloop.kernel.analysis.FindAgents;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Queries for ML teams; every GET here needs analytics:read. */
@RestController
@Tag(name = "agents", description = "The agents that have sent feedback")
@RequestMapping("/api/v1/analytics")
public class AnalyticsController {

    private final QueryGateway queries;

    public AnalyticsController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule readAnalytics() {
        return AccessRule.of(HttpMethod.GET, "/api/v1/analytics/**", Scope.ANALYTICS_READ);
    }

    @GetMapping("/agents")
    @Operation(summary = "Lists the agents that have sent feedback, with their versions and intents")
    public Mono<AgentsResponse> agents() {
        return Mono.fromFuture(() -> queries.query(new FindAgents(), ResponseTypes.multipleInstancesOf(AgentSummary.class)))
                .map(AgentsResponse::of);
    }
}
