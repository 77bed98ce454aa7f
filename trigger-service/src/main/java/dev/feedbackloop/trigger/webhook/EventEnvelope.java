package dev.feedbackloop.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.serialization.StoredFormat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON an event goes out in, to webhooks, generic alert channels and the trigger event stream alike: a
 * CloudEvents 1.0 structured-mode event, {@code {"specversion": "1.0", "id": <event id>, "source": "/feedbackloop",
 * "type": <dotted type from WebhookEventTypes>, "time": <when it happened>, "datacontenttype": "application/json",
 * "data": <the event, snake_case as stored>}}. The id is the event's id in the store, so it is the same on every
 * attempt and on every channel, and serves receivers as their de-duplication key.
 */
public final class EventEnvelope {

    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/feedbackloop";
    private static final ObjectMapper PAYLOAD = StoredFormat.eventMapper();

    private EventEnvelope() {
    }

    /** The envelope of {@code event}; throws when the event has no dotted type (it may not be sent). */
    public static String json(Object event, String eventId, Instant at) {
        String type = WebhookEventTypes.of(event);
        if (type == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " has no event type: add it to WebhookEventTypes");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("specversion", SPEC_VERSION);
        out.put("id", eventId);
        out.put("source", SOURCE);
        out.put("type", type);
        out.put("time", at.toString());
        out.put("datacontenttype", "application/json");
        out.put("data", PAYLOAD.valueToTree(event));
        try {
            return PAYLOAD.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the envelope of " + type, e);
        }
    }
}
