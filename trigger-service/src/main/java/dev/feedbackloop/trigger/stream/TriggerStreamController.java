package dev.feedbackloop.trigger.stream;

import dev.feedbackloop.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/triggers/stream}: trigger-side events as Server-Sent Events ({@code id:} the store position,
 * {@code event:} the type, {@code data:} the webhook envelope), resumed strictly after {@code Last-Event-ID} or
 * {@code ?after=}. {@code GET /api/v1/triggers/events?after=&limit=}: the same events as pages. Both sit under
 * /api/v1/triggers/**, which needs triggers:manage (see TriggerController).
 */
@RestController
@RequestMapping("/api/v1/triggers")
@Tag(name = "triggers")
public class TriggerStreamController {

    static final int MAX_LIMIT = 1_000;

    private final TriggerEventFeed feed;

    public TriggerStreamController(TriggerEventFeed feed) {
        this.feed = feed;
    }

    @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Streams trigger-side events as Server-Sent Events, resuming after Last-Event-ID or ?after=")
    public Flux<ServerSentEvent<String>> stream(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                                @ParameterObject TriggerStreamQuery query) {
        long from = lastEventId != null ? lastEventId(lastEventId)
                : query.after() != null ? Long.parseLong(query.after().strip()) : -1;
        return feed.live(from);
    }

    @GetMapping(value = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pages through trigger-side events after a position")
    public Mono<TriggerEventsResponse> events(@ParameterObject TriggerEventsQuery query) {
        return Mono.fromCallable(() -> feed.page(query.from(), query.max())).subscribeOn(Schedulers.boundedElastic())
                .map(TriggerEventsResponse::of);
    }

    /** The position a Last-Event-ID header names: a header, so not part of the query record. */
    static long lastEventId(String raw) {
        String value = raw.strip();
        if (value.matches("[0-9]{1,18}")) {
            return Long.parseLong(value);
        }
        throw ApiProblem.validation("Last-Event-ID", "format", TriggerStreamQuery.POSITION_MESSAGE);
    }
}
