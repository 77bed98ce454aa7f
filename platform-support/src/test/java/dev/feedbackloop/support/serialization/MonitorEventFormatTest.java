package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftBaselineReleased;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.MonitorEvent;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
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

/** Pins the stored JSON of the monitors' events, which the trigger service and the event stream read. */
class MonitorEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    static final Map<String, String> SCOPE = new LinkedHashMap<>(Map.of("agent_id", "support-bot"));

    static final Map<MonitorEvent, String> PINNED = Map.of(
            new DriftMeasured("support-bot", AT, Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-20T10:00:00Z"),
                    Instant.parse("2026-11-27T10:00:00Z"), List.of(new FeatureDrift("intent_category", 0.31, "significant", 1400, 220),
                    new FeatureDrift("input_features.prompt_length", null, "insufficient_data", 1400, 12))),
            "{\"agent_id\":\"support-bot\",\"current_from\":\"2026-11-27T10:00:00Z\",\"evaluated_at\":\"2026-11-28T10:00:00Z\","
                    + "\"features\":[{\"current_count\":220,\"feature\":\"intent_category\",\"level\":\"significant\",\"psi\":0.31,\"reference_count\":1400},"
                    + "{\"current_count\":12,\"feature\":\"input_features.prompt_length\",\"level\":\"insufficient_data\",\"reference_count\":1400}],"
                    + "\"reference_from\":\"2026-11-20T10:00:00Z\",\"reference_to\":\"2026-11-27T10:00:00Z\"}",
            new DriftDetected("support-bot", "intent_category", 0.31, AT),
            "{\"agent_id\":\"support-bot\",\"evaluated_at\":\"2026-11-28T10:00:00Z\",\"feature\":\"intent_category\",\"psi\":0.31}",
            new DriftResolved("support-bot", "intent_category", 0.05, AT),
            "{\"agent_id\":\"support-bot\",\"evaluated_at\":\"2026-11-28T10:00:00Z\",\"feature\":\"intent_category\",\"psi\":0.05}",
            new DriftBaselinePinned("support-bot", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-08T00:00:00Z"), AT),
            "{\"agent_id\":\"support-bot\",\"from\":\"2026-11-01T00:00:00Z\",\"pinned_at\":\"2026-11-28T10:00:00Z\",\"to\":\"2026-11-08T00:00:00Z\"}",
            new DriftBaselineReleased("support-bot", AT),
            "{\"agent_id\":\"support-bot\",\"released_at\":\"2026-11-28T10:00:00Z\"}",
            new TriggerConditionMet("support-bot", "performance_degradation", "task_success_rate", SCOPE, 0.72, null, "< 0.8",
                    Instant.parse("2026-11-27T11:00:00Z"), AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\",\"metric\":\"task_success_rate\","
                    + "\"rule\":\"performance_degradation\",\"scope\":{\"agent_id\":\"support-bot\"},\"since\":\"2026-11-27T11:00:00Z\","
                    + "\"threshold\":\"< 0.8\",\"value\":0.72}",
            new TriggerConditionCleared("support-bot", "performance_degradation", "task_success_rate", SCOPE, 0.86, AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-11-28T10:00:00Z\",\"metric\":\"task_success_rate\","
                    + "\"rule\":\"performance_degradation\",\"scope\":{\"agent_id\":\"support-bot\"},\"value\":0.86}");

    @Test
    void everyMonitorEventHasAPinnedFormat() {
        Set<Class<?>> types = Arrays.stream(MonitorEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void monitorEventsAreStoredExactlyAsPinnedAndReadBack() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).as(event.getClass().getSimpleName())
                    .isEqualTo(event instanceof TriggerConditionMet || event instanceof TriggerConditionCleared ? "2" : "1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
