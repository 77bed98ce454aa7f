package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.FindStreamStatus;
import dev.feedbackloop.kernel.trigger.StreamStatus;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Trigger-side API; reading it needs triggers:manage. */
@RestController
@RequestMapping("/api/v1/triggers")
@Tag(name = "triggers", description = "The trigger side's reading of the event stream, and the events as a stream or pages")
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
    @Operation(summary = "Shows how far the trigger side has read the event stream")
    public Mono<TriggerStatusResponse> status() {
        return Mono.fromFuture(() -> queries.query(new FindStreamStatus(), ResponseTypes.instanceOf(StreamStatus.class)))
                .map(TriggerStatusResponse::of);
    }
}
