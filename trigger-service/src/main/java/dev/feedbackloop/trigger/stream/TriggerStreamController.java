package dev.feedbackloop.trigger.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/triggers/stream}: trigger-side events as Server-Sent Events ({@code id:} the store position,
 * {@code event:} the type, {@code data:} the webhook envelope), resumed strictly after {@code Last-Event-ID} or
 * {@code ?after=}. {@code GET /api/v1/triggers/events?after=&limit=}: the same events as pages. Both sit under
 * /api/v1/triggers/**, which needs triggers:manage (see TriggerController).
 */
@RestController
@RequestMapping("/api/v1/triggers")
public class TriggerStreamController {

    static final int MAX_LIMIT = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> ENVELOPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private final TriggerEventFeed feed;

    public TriggerStreamController(TriggerEventFeed feed) {
        this.feed = feed;
    }

    @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> stream(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                                @RequestParam(value = "after", required = false) String after) {
        long from = lastEventId != null ? position("Last-Event-ID", lastEventId)
                : after != null ? position("after", after) : -1;
        return feed.live(from);
    }

    @GetMapping(value = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> events(@RequestParam(value = "after", required = false) String after,
                                            @RequestParam(value = "limit", defaultValue = "100") String limit) {
        long from = after == null ? -1 : position("after", after);
        int max = limit(limit);
        return Mono.fromCallable(() -> feed.page(from, max)).subscribeOn(Schedulers.boundedElastic())
                .map(TriggerStreamController::toJson);
    }

    static long position(String field, String raw) {
        String value = raw.strip();
        if (value.matches("[0-9]{1,18}")) {
            return Long.parseLong(value);
        }
        throw ApiProblem.validation(field, "format", "must be a non-negative whole number: the position of the last "
                + "event received");
    }

    private static int limit(String raw) {
        String value = raw.strip();
        if (value.matches("[0-9]{1,4}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw ApiProblem.validation("limit", "range", "must be a whole number between 1 and " + MAX_LIMIT);
    }

    private static Map<String, Object> toJson(TriggerEventFeed.Page page) {
        List<Map<String, Object>> events = page.events().stream().map(e -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("position", e.position());
            try {
                out.putAll(JSON.readValue(e.envelope(), ENVELOPE));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("cannot read the envelope of event " + e.id(), ex);
            }
            return out;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", events);
        out.put("next_after", page.nextAfter() < 0 ? null : page.nextAfter());
        return out;
    }
}
