package dev.feedbackloop.support.serialization;

import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.CanaryHeld;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.GateOverride;
import dev.feedbackloop.kernel.release.Measurement;
import dev.feedbackloop.kernel.release.PromotionRecommended;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseEvent;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.ReleaseProgressReported;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the stored JSON of the release events, which webhooks and the event stream send as they are. */
class ReleaseEventFormatTest {

    private final Serializer serializer = SerializationConfiguration.jsonEventSerializer();

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final CanaryConfig CONFIG = new CanaryConfig(new CanaryConfig.InitialDeployment(1, 60),
            List.of(new CanaryConfig.PromotionCriterion("error_rate", "less_than", 0.02, 2.0)),
            List.of(new CanaryConfig.RollbackTrigger("error_rate", 0.05, "immediate_rollback")),
            List.of(new CanaryConfig.PromotionStep(100, 72.0)));
    static final List<Measurement> M = List.of(new Measurement("error_rate", 0.06, 0.01, 500, 300,
            "rollback_triggers[0]", 0.8, Measurement.Verdict.FAIL));

    static final Map<ReleaseEvent, String> PINNED = new LinkedHashMap<>();

    static {
        PINNED.put(new ReleaseOpened("r1", "bot", "v2", "v1", CONFIG, new GateOverride("alice", "hotfix"), "eval < 0.85", AT),
                "{\"agent_id\":\"bot\",\"baseline_version\":\"v1\",\"blocked_reason\":\"eval < 0.85\",\"canary_config\":{"
                        + "\"initial_deployment\":{\"min_duration_minutes\":60,\"traffic_percentage\":1},"
                        + "\"promotion_criteria\":[{\"baseline_multiplier\":2.0,\"comparison\":\"less_than\",\"metric\":\"error_rate\",\"threshold\":0.02}],"
                        + "\"promotion_schedule\":[{\"percentage\":100,\"wait_hours\":72.0}],"
                        + "\"rollback_triggers\":[{\"action\":\"immediate_rollback\",\"metric\":\"error_rate\",\"threshold\":0.05}]},"
                        + "\"opened_at\":\"2026-12-01T10:00:00Z\",\"override\":{\"by\":\"alice\",\"reason\":\"hotfix\"},"
                        + "\"release_id\":\"r1\",\"version\":\"v2\"}");
        PINNED.put(new RollbackRequired("r1", 1, "error_rate >= 0.05", M, AT),
                "{\"decided_at\":\"2026-12-01T10:00:00Z\",\"measurements\":[{\"baseline_samples\":300,\"baseline_value\":0.01,"
                        + "\"canary_samples\":500,\"canary_value\":0.06,\"confidence\":0.8,\"metric\":\"error_rate\","
                        + "\"rule\":\"rollback_triggers[0]\",\"verdict\":\"FAIL\"}],\"percentage\":1,\"release_id\":\"r1\","
                        + "\"trigger\":\"error_rate >= 0.05\"}");
        PINNED.put(new CanaryStageStarted("r1", 5, 240, AT), null);
        PINNED.put(new PromotionRecommended("r1", 1, 5, M, AT), null);
        PINNED.put(new CanaryHeld("r1", 1, "insufficient_data", M, AT), null);
        PINNED.put(new RolloutPaused("r1", 1, "p99_latency_ms >= 10000", M, AT), null);
        PINNED.put(new ReleaseProgressReported("r1", "promoted", 5, "argo", AT), null);
        PINNED.put(new ReleaseCompleted("r1", "v2", M, AT), null);
        PINNED.put(new ReleaseRolledBack("r1", "v2", "aborted", AT), null);
    }

    @Test
    void everyReleaseEventIsCovered() {
        assertThat(PINNED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(ReleaseEvent.class.getPermittedSubclasses()));
    }

    @Test
    void releaseEventsAreStoredAsPinnedInSnakeCaseAndReadBack() {
        PINNED.forEach((event, json) -> {
            SerializedObject<String> serialized = serializer.serialize(event, String.class);
            if (json != null) {
                assertThat(serialized.getData()).as(event.getClass().getSimpleName()).isEqualTo(json);
            }
            assertThat(serialized.getData()).as(event.getClass().getSimpleName()).contains("\"release_id\":\"r1\"")
                    .doesNotContain("releaseId");
            assertThat(serialized.getType().getRevision()).isEqualTo("1");
            assertThat((Object) serializer.deserialize(serialized)).isEqualTo(event);
        });
    }
}
