package dev.feedbackloop.trigger.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * A page of trigger-side events, each its store position and the CloudEvents envelope webhooks receive;
 * {@code next_after} is the {@code after} of the next page (null when the store is empty).
 */
@Schema(name = "TriggerEvents")
public record TriggerEventsResponse(List<Event> events, Long nextAfter) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    static TriggerEventsResponse of(TriggerEventFeed.Page page) {
        return new TriggerEventsResponse(page.events().stream().map(Event::of).toList(),
                page.nextAfter() < 0 ? null : page.nextAfter());
    }

    /** An event at its store position, in the envelope a webhook delivery carries. */
    @Schema(name = "TriggerEvent")
    public record Event(long position, String specversion, String id, String source, String type, String time,
                        String datacontenttype, @Schema(description = "the event, in snake_case") Map<String, Object> data) {

        static Event of(TriggerEventFeed.Entry entry) {
            try {
                Envelope e = JSON.readValue(entry.envelope(), Envelope.class);
                return new Event(entry.position(), e.specversion(), e.id(), e.source(), e.type(), e.time(),
                        e.datacontenttype(), e.data());
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("cannot read the envelope of event " + entry.id(), ex);
            }
        }
    }

    /** The stored envelope, as {@code EventEnvelope} writes it. */
    record Envelope(String specversion, String id, String source, String type, String time,
                            String datacontenttype, Map<String, Object> data) {
    }
}
