package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.interaction.InteractionAmended;
import dev.feedbackloop.kernel.interaction.InteractionEvent;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.InteractionSpansHeld;
import dev.feedbackloop.kernel.interaction.ModelPrice;
import dev.feedbackloop.kernel.interaction.Usage;
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

/** Pins the stored JSON of the interactions' events, which the analysis service folds into its metrics. */
class InteractionEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final TraceId TRACE = TraceId.of("0af7651916cd43dd8448eb211c80319c");
    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    static final Map<String, ModelPrice> PRICES = Map.of("gpt-4o", new ModelPrice(2.5, 10.0));

    static final Map<InteractionEvent, String> PINNED = Map.of(
            new InteractionSpansHeld(TRACE, List.of(new InteractionSpan("b7ad6b7169203331", false, "chat gpt-4o", AT,
                    AT.plusMillis(400), false, null, "gpt-4o", false, 1000, 200, null, 1, "support-bot", "2.3.1", null,
                    null, null)), Map.of("b7ad6b7169203331", 4500L), PRICES, AT.plusSeconds(5)),
            "{\"held_at\":\"2026-11-28T10:00:05Z\",\"prices\":{\"gpt-4o\":{\"input_per_million\":2.5,\"output_per_"
                    + "million\":10.0}},\"span_costs\":{\"b7ad6b7169203331\":4500},\"spans\":[{\"agent_id\":\"support-bot\","
                    + "\"agent_level\":false,\"agent_version\":\"2.3.1\",\"ended_at\":\"2026-11-28T10:00:00.400Z\",\"error\":"
                    + "false,\"guardrail_triggers\":1,\"input_tokens\":1000,\"model\":\"gpt-4o\",\"name\":\"chat gpt-4o\",\"ou"
                    + "tput_tokens\":200,\"root\":false,\"span_id\":\"b7ad6b7169203331\",\"started_at\":\"2026-11-28T10:00:"
                    + "00Z\"}],\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}",
            new InteractionRecorded(TRACE, "a1b2c3d4e5f60718", "invoke_agent", "support-bot", "2.3.1", "billing", "u-1",
                    "s-1", AT, AT.plusMillis(1200), 1200, true, "RateLimitError", "gpt-4o", new Usage(1000, 200, 4500, 1),
                    new Usage(1000, 200, 4500, 0), Usage.NONE, PRICES, List.of("b7ad6b7169203331", "a1b2c3d4e5f60718"), 2,
                    AT.plusSeconds(6)),
            "{\"agent_id\":\"support-bot\",\"agent_span_usage\":{\"cost_micros\":0,\"guardrail_triggers\":0,\"inpu"
                    + "t_tokens\":0,\"output_tokens\":0},\"agent_version\":\"2.3.1\",\"ended_at\":\"2026-11-28T10:00:01.200"
                    + "Z\",\"error\":true,\"error_type\":\"RateLimitError\",\"intent_category\":\"billing\",\"latency_ms\":120"
                    + "0,\"model\":\"gpt-4o\",\"model_span_usage\":{\"cost_micros\":4500,\"guardrail_triggers\":0,\"input_to"
                    + "kens\":1000,\"output_tokens\":200},\"prices\":{\"gpt-4o\":{\"input_per_million\":2.5,\"output_per_mi"
                    + "llion\":10.0}},\"recorded_at\":\"2026-11-28T10:00:06Z\",\"root_span_id\":\"a1b2c3d4e5f60718\",\"root"
                    + "_span_name\":\"invoke_agent\",\"session_id\":\"s-1\",\"span_count\":2,\"span_ids\":[\"b7ad6b7169203331"
                    + "\",\"a1b2c3d4e5f60718\"],\"started_at\":\"2026-11-28T10:00:00Z\",\"trace_id\":\"0af7651916cd43dd8448"
                    + "eb211c80319c\",\"usage\":{\"cost_micros\":4500,\"guardrail_triggers\":1,\"input_tokens\":1000,\"outp"
                    + "ut_tokens\":200},\"user_id\":\"u-1\"}",
            new InteractionAmended(TRACE, "support-bot", "2.3.1", "billing", AT.plusMillis(1200), new Usage(300, 0, 750, 0),
                    new Usage(1300, 200, 5250, 1), new Usage(1300, 200, 5250, 0), Usage.NONE, PRICES,
                    List.of("c0ffee0000000001"), 3, AT.plusSeconds(9)),
            "{\"agent_id\":\"support-bot\",\"agent_span_usage\":{\"cost_micros\":0,\"guardrail_triggers\":0,\"inpu"
                    + "t_tokens\":0,\"output_tokens\":0},\"agent_version\":\"2.3.1\",\"amended_at\":\"2026-11-28T10:00:09Z\""
                    + ",\"change\":{\"cost_micros\":750,\"guardrail_triggers\":0,\"input_tokens\":300,\"output_tokens\":0},"
                    + "\"ended_at\":\"2026-11-28T10:00:01.200Z\",\"intent_category\":\"billing\",\"model_span_usage\":{\"cos"
                    + "t_micros\":5250,\"guardrail_triggers\":0,\"input_tokens\":1300,\"output_tokens\":200},\"prices\":{\""
                    + "gpt-4o\":{\"input_per_million\":2.5,\"output_per_million\":10.0}},\"span_count\":3,\"span_ids\":[\"c"
                    + "0ffee0000000001\"],\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"usage\":{\"cost_micros\":525"
                    + "0,\"guardrail_triggers\":1,\"input_tokens\":1300,\"output_tokens\":200}}");

    @Test
    void everyInteractionEventHasAPinnedFormat() {
        Set<Class<?>> types = Arrays.stream(InteractionEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void interactionEventsAreStoredExactlyAsPinnedAndReadBack() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
