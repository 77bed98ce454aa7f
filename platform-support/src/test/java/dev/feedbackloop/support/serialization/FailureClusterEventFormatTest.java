package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the stored JSON of the failure clusters' events, which the trigger service and the event stream read. */
class FailureClusterEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    static final Instant FIRST = Instant.parse("2026-11-26T08:12:00Z");
    static final Instant LAST = Instant.parse("2026-11-28T09:41:00Z");
    static final String ID = "fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40";
    static final String OTHER = "fc-0d4e2b7a-91c3-3a5f-8e26-4b7f0c9d1e52";

    static final Map<FailureClusterEvent, String> PINNED = new LinkedHashMap<>();

    static {
        PINNED.put(new FailureClusterDiscovered(ID, "support-bot", "refund, processed, bank",
                        List.of("refund", "processed", "bank", "pending"), List.of("fb-17", "fb-3"), 42, 23, FIRST, LAST,
                        null, AT),
                "{\"agent_id\":\"support-bot\",\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\","
                        + "\"discovered_at\":\"2026-11-28T10:00:00Z\",\"exemplar_ids\":[\"fb-17\",\"fb-3\"],"
                        + "\"first_seen\":\"2026-11-26T08:12:00Z\",\"label\":\"refund, processed, bank\","
                        + "\"last_seen\":\"2026-11-28T09:41:00Z\",\"size\":42,\"size_last24h\":23,"
                        + "\"top_terms\":[\"refund\",\"processed\",\"bank\",\"pending\"]}");
        PINNED.put(new FailureClusterDiscovered(OTHER, "support-bot", "card, declined, loop", List.of("card", "declined", "loop"),
                        List.of("fb-8"), 7, 7, FIRST, LAST, ID, AT),
                "{\"agent_id\":\"support-bot\",\"cluster_id\":\"fc-0d4e2b7a-91c3-3a5f-8e26-4b7f0c9d1e52\","
                        + "\"discovered_at\":\"2026-11-28T10:00:00Z\",\"exemplar_ids\":[\"fb-8\"],"
                        + "\"first_seen\":\"2026-11-26T08:12:00Z\",\"label\":\"card, declined, loop\","
                        + "\"last_seen\":\"2026-11-28T09:41:00Z\",\"size\":7,\"size_last24h\":7,"
                        + "\"split_from\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\",\"top_terms\":[\"card\","
                        + "\"declined\",\"loop\"]}");
        PINNED.put(new FailureClusterGrew(ID, "support-bot", 51, 42, 30, List.of("fb-17", "fb-60"), LAST, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\",\"exemplar_ids\":[\"fb-17\","
                        + "\"fb-60\"],\"last_seen\":\"2026-11-28T09:41:00Z\",\"previous_size\":42,\"size\":51,"
                        + "\"size_last24h\":30}");
        PINNED.put(new FailureClusterGrew(ID, "support-bot", 51, 51, 12, null, LAST, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\","
                        + "\"last_seen\":\"2026-11-28T09:41:00Z\",\"previous_size\":51,\"size\":51,\"size_last24h\":12}");
        PINNED.put(new FailureClusterReopened(ID, "support-bot", 9, 4, LAST, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\","
                        + "\"last_seen\":\"2026-11-28T09:41:00Z\",\"size\":9,\"size_last24h\":4}");
        PINNED.put(new FailureClusterMerged(OTHER, "support-bot", ID, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-0d4e2b7a-91c3-3a5f-8e26-4b7f0c9d1e52\","
                        + "\"into_cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\"}");
        PINNED.put(new FailureClusterSplit(ID, "support-bot", List.of(OTHER), true, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\",\"continued\":true,"
                        + "\"into_cluster_ids\":[\"fc-0d4e2b7a-91c3-3a5f-8e26-4b7f0c9d1e52\"]}");
        PINNED.put(new FailureClusterResolved(ID, "support-bot", FailureClusterResolved.QUIET, LAST, AT),
                "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\","
                        + "\"cluster_id\":\"fc-5b1c0a9e-3f55-3e0e-9b1a-6d2f7c1e8a40\","
                        + "\"last_seen\":\"2026-11-28T09:41:00Z\",\"reason\":\"quiet\"}");
    }

    @Test
    void everyFailureClusterEventHasAPinnedFormat() {
        Set<Class<?>> types = Arrays.stream(FailureClusterEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void failureClusterEventsAreStoredExactlyAsPinnedAndReadBack() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
