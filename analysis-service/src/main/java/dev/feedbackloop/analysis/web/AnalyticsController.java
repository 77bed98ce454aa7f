package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.AgentSummary;
import dev.feedbackloop.kernel.analysis.FindAgents;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/** Queries for ML teams; every GET here needs analytics:read. */
@RestController
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
    public Mono<Map<String, Object>> agents() {
        return Mono.fromFuture(() -> queries.query(new FindAgents(), ResponseTypes.multipleInstancesOf(AgentSummary.class)))
                .map(list -> Map.of("agents", list.stream().map(AnalyticsController::toJson).toList()));
    }

    static Map<String, Object> toJson(AgentSummary a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent_id", a.agentId());
        out.put("agent_versions", a.agentVersions());
        out.put("intent_categories", a.intentCategories());
        out.put("first_seen", a.firstSeen().toString());
        out.put("last_seen", a.lastSeen().toString());
        return out;
    }

}
