package dev.feedbackloop.trigger.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.secrets.SecretBox;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Reads {@link WebhookSubscribed} revision 1, stored before secrets were sealed: its plain {@code secret} is sealed
 * on reading into revision 2's {@code sealed_secret}, and its class-name event types become dotted types. So nothing
 * past the event store ever handles an unsealed secret. The stored revision-1 event itself keeps its plain secret
 * (the log is never rewritten): rotating such a subscription's secret makes that stored value worthless.
 */
@Component
public class WebhookSubscribedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(WebhookSubscribed.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(WebhookSubscribed.class.getName(), "2");

    private final SecretBox secrets;

    public WebhookSubscribedUpcaster(SecretBox secrets) {
        this.secrets = secrets;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, this::upcast);
    }

    JsonNode upcast(JsonNode payload) {
        ObjectNode event = ((ObjectNode) payload).deepCopy();
        JsonNode secret = event.remove("secret");
        String webhookId = event.path("webhook_id").asText();
        if (secret != null && !secret.isNull()) {
            event.put("sealed_secret", secrets.seal(secret.asText(), SubscribeWebhook.secretContext(webhookId)));
        }
        JsonNode types = event.get("event_types");
        if (types instanceof ArrayNode array) {
            ArrayNode dotted = event.putArray("event_types");
            array.forEach(t -> dotted.add(WebhookEventTypes.normalize(t.asText()).orElse(t.asText())));
        }
        return event;
    }
}
