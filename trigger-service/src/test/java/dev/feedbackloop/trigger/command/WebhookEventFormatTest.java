package dev.feedbackloop.trigger.command;

import dev.feedbackloop.support.serialization.SerializationConfiguration;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the stored JSON of the webhook subscription's events. */
class WebhookEventFormatTest {

    private final Serializer serializer = new SerializationConfiguration().eventSerializer();

    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    static final Map<WebhookEvent, String> PINNED = Map.of(
            new WebhookSubscribed("wh-1", "https://ci.example.com/hooks", List.of("TriggerConditionMet", "DriftDetected"),
                    "a-secret-of-16-chars", "nightly run", AT),
            "{\"description\":\"nightly run\",\"event_types\":[\"TriggerConditionMet\",\"DriftDetected\"],"
                    + "\"secret\":\"a-secret-of-16-chars\",\"subscribed_at\":\"2026-11-28T10:00:00Z\","
                    + "\"url\":\"https://ci.example.com/hooks\",\"webhook_id\":\"wh-1\"}",
            new WebhookSubscriptionRemoved("wh-1", AT),
            "{\"removed_at\":\"2026-11-28T10:00:00Z\",\"webhook_id\":\"wh-1\"}",
            new WebhookSubscriptionDisabled("wh-1", "20 deliveries in a row failed", AT),
            "{\"disabled_at\":\"2026-11-28T10:00:00Z\",\"reason\":\"20 deliveries in a row failed\",\"webhook_id\":\"wh-1\"}");

    @Test
    void everyWebhookEventHasAPinnedFormat() {
        Set<Class<?>> types = Arrays.stream(WebhookEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void webhookEventsAreStoredExactlyAsPinnedAndReadBack() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
