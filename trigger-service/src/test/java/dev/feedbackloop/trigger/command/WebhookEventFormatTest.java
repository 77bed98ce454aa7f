package dev.feedbackloop.trigger.command;

import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.serialization.SerializationConfiguration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the stored JSON of the webhook subscription's events, and proves revision 1 still loads. */
class WebhookEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    static final String SEALED = "v1:0a1b2c3d:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
    static final String SEALED_2 = "v1:0a1b2c3d:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB==";

    static final Map<WebhookEvent, String> PINNED = Map.of(
            new WebhookSubscribed("wh-1", "https://ci.example.com/hooks",
                    List.of("feedbackloop.trigger.condition_met", "feedbackloop.monitor.drift_detected"),
                    SEALED, "nightly run", AT),
            "{\"description\":\"nightly run\",\"event_types\":[\"feedbackloop.trigger.condition_met\","
                    + "\"feedbackloop.monitor.drift_detected\"],\"sealed_secret\":\"" + SEALED + "\","
                    + "\"subscribed_at\":\"2026-11-28T10:00:00Z\",\"url\":\"https://ci.example.com/hooks\",\"webhook_id\":\"wh-1\"}",
            new WebhookSecretRotated("wh-1", SEALED_2,
                    List.of(new WebhookSecretRotated.Retiring(SEALED, AT.plusSeconds(86_400))), AT),
            "{\"retiring\":[{\"sealed_secret\":\"" + SEALED + "\",\"valid_until\":\"2026-11-29T10:00:00Z\"}],"
                    + "\"rotated_at\":\"2026-11-28T10:00:00Z\",\"sealed_secret\":\"" + SEALED_2 + "\",\"webhook_id\":\"wh-1\"}",
            new WebhookSubscriptionRemoved("wh-1", AT),
            "{\"removed_at\":\"2026-11-28T10:00:00Z\",\"webhook_id\":\"wh-1\"}",
            new WebhookSubscriptionDisabled("wh-1", "20 deliveries in a row failed", AT),
            "{\"disabled_at\":\"2026-11-28T10:00:00Z\",\"reason\":\"20 deliveries in a row failed\",\"webhook_id\":\"wh-1\"}");

    static final Map<Class<?>, String> REVISIONS = Map.of(WebhookSubscribed.class, "2", WebhookSecretRotated.class, "1",
            WebhookSubscriptionRemoved.class, "1", WebhookSubscriptionDisabled.class, "1");

    /** Revision 1 as the first version stored it: the secret in plain text, class names as event types. */
    static final String REVISION_1 = "{\"description\":\"nightly run\",\"event_types\":[\"TriggerConditionMet\",\"DriftDetected\"],"
            + "\"secret\":\"a-secret-of-16-chars\",\"subscribed_at\":\"2026-11-28T10:00:00Z\","
            + "\"url\":\"https://ci.example.com/hooks\",\"webhook_id\":\"wh-1\"}";

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
            assertThat(serialized.getType().getRevision()).isEqualTo(REVISIONS.get(event.getClass()));
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }

    @Test
    void noStoredWebhookEventHoldsAPlainSecret() {
        PINNED.values().forEach(json -> assertThat(json).doesNotContain("\"secret\""));
    }

    @Test
    void aRevision1EventLoadsWithItsSecretSealedAndItsTypesDotted() {
        SecretBox box = new SecretBox(new byte[32]);
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("WebhookSubscription", "webhook:wh-1", 0,
                "event-1", AT, WebhookSubscribed.class.getName(), "1", REVISION_1.getBytes(StandardCharsets.UTF_8),
                serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
        List<IntermediateEventRepresentation> upcast = new WebhookSubscribedUpcaster(box)
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        WebhookSubscribed event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.webhookId()).isEqualTo("wh-1");
        assertThat(event.url()).isEqualTo("https://ci.example.com/hooks");
        assertThat(event.eventTypes()).containsExactly("feedbackloop.trigger.condition_met", "feedbackloop.monitor.drift_detected");
        assertThat(event.description()).isEqualTo("nightly run");
        assertThat(event.subscribedAt()).isEqualTo(AT);
        assertThat(SecretBox.isSealed(event.sealedSecret())).isTrue();
        assertThat(box.open(event.sealedSecret(), SubscribeWebhook.secretContext("wh-1"))).isEqualTo("a-secret-of-16-chars");
    }
}
