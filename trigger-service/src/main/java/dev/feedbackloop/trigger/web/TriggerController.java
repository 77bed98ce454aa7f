package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.FindStreamStatus;
import dev.feedbackloop.kernel.trigger.StreamStatus;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/** Trigger-side API; reading it needs triggers:manage. */
@RestController
@RequestMapping("/api/v1/triggers")
public class TriggerController {

    private final QueryGateway queries;

    public TriggerController(QueryGateway queries) {
        this.queries = queries;
    }

    @Bean
    static AccessRule manageTriggers() {
        return AccessRule.of(null, "/api/v1/triggers/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping("/status")
    public Mono<Map<String, Object>> status() {
        return Mono.fromFuture(() -> queries.query(new FindStreamStatus(), ResponseTypes.instanceOf(StreamStatus.class)))
                .map(s -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("last_position", s.lastPosition());
                    out.put("last_event_stored_at", s.lastEventStoredAt() == null ? null : s.lastEventStoredAt().toString());
                    return out;
                });
    }
}
