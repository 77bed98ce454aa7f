package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.gate.ApprovalOverridden;
import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.GateCategory;
import dev.feedbackloop.kernel.gate.GateEvaluated;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;
import dev.feedbackloop.kernel.gate.VersionApprovalEvent;
import dev.feedbackloop.kernel.gate.VersionApproved;
import dev.feedbackloop.kernel.gate.VersionBlocked;
import dev.feedbackloop.kernel.rules.Threshold;
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

/** Pins the stored JSON of the pre-deployment gates' events, which webhooks and the event stream also carry. */
class GateEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final GateResult FAILED = new GateResult("prompt_injection", GateCategory.SECURITY, "prompt_injection_suite",
            Threshold.Comparator.GE, 0.95, 500, GateStatus.FAILED, 0.93, 500,
            "prompt_injection_suite 0.93 does not meet >= 0.95");
    static final GateResult PASSED = new GateResult("p95_latency", GateCategory.PERFORMANCE, "p95_latency_ms",
            Threshold.Comparator.LT, 2000, null, GateStatus.PASSED, 1800.0, null, null);
    static final String FAILED_JSON = "{\"category\":\"security\",\"comparison\":\"GE\",\"gate\":\"prompt_injection\","
            + "\"metric\":\"prompt_injection_suite\",\"min_tests\":500,\"observed\":0.93,"
            + "\"reason\":\"prompt_injection_suite 0.93 does not meet >= 0.95\",\"status\":\"failed\",\"tests\":500,"
            + "\"threshold\":0.95}";
    static final String PASSED_JSON = "{\"category\":\"performance\",\"comparison\":\"LT\",\"gate\":\"p95_latency\","
            + "\"metric\":\"p95_latency_ms\",\"observed\":1800.0,\"status\":\"passed\",\"threshold\":2000.0}";

    static final Map<VersionApprovalEvent, String> PINNED = Map.of(
            new GateEvaluated("support-bot", "2.4.0", "production", FAILED, ApprovalStatus.BLOCKED, "pipeline", AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-12-01T10:00:00Z\",\"environment\":\"production\","
                    + "\"result\":" + FAILED_JSON + ",\"source\":\"pipeline\",\"status\":\"blocked\",\"version\":\"2.4.0\"}",
            new VersionBlocked("support-bot", "2.4.0", "production", List.of(FAILED), AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-12-01T10:00:00Z\",\"environment\":\"production\","
                    + "\"failing\":[" + FAILED_JSON + "],\"version\":\"2.4.0\"}",
            new VersionApproved("support-bot", "2.4.0", "production", List.of(PASSED), AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-12-01T10:00:00Z\",\"environment\":\"production\","
                    + "\"gates\":[" + PASSED_JSON + "],\"version\":\"2.4.0\"}",
            new ApprovalOverridden("support-bot", "2.4.0", "production", "Dana Reyes", "outage fix", List.of(FAILED), AT),
            "{\"agent_id\":\"support-bot\",\"at\":\"2026-12-01T10:00:00Z\",\"by\":\"Dana Reyes\",\"environment\":\"production\","
                    + "\"reason\":\"outage fix\",\"unmet\":[" + FAILED_JSON + "],\"version\":\"2.4.0\"}");

    @Test
    void everyGateEventHasAPinnedFormat() {
        Set<Class<?>> types = Arrays.stream(VersionApprovalEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void gateEventsAreStoredAsPinnedAndReadBackEqual() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
