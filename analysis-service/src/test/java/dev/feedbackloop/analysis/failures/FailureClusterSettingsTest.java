package dev.feedbackloop.analysis.failures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureClusterSettingsTest {

    static FailureClusterSettings settings(Duration window, Duration maxStep, int newFailures, List<String> failureWhen) {
        return new FailureClusterSettings(true, Duration.ofMinutes(15), Duration.ofMinutes(1), newFailures, window, maxStep,
                Duration.ofHours(72), 50_000, failureWhen);
    }

    @Test
    void theFailureSignalsAreReadFromTheirNames() {
        assertThat(settings(Duration.ofDays(7), Duration.ofHours(24), 200, List.of("thumbs_down", " escalated")).signals())
                .isEqualTo(EnumSet.of(FailureSignal.THUMBS_DOWN, FailureSignal.ESCALATED));
    }

    @Test
    void anUnknownOrMissingSignalIsRefusedNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> settings(Duration.ofDays(7), Duration.ofHours(24), 200, List.of("thumbs_down", "angry")))
                .hasMessageContaining("platform.clustering.failure-when").hasMessageContaining("unknown: angry")
                .hasMessageContaining("failing_assessment");
        assertThatThrownBy(() -> settings(Duration.ofDays(7), Duration.ofHours(24), 200, List.of()))
                .hasMessageContaining("platform.clustering.failure-when");
    }

    @Test
    void windowsStepsAndCountsOutOfRangeAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> settings(Duration.ofHours(12), Duration.ofHours(6), 200, List.of("thumbs_down")))
                .hasMessageContaining("platform.clustering.window");
        assertThatThrownBy(() -> settings(Duration.ofDays(7), Duration.ofDays(8), 200, List.of("thumbs_down")))
                .hasMessageContaining("platform.clustering.max-step");
        assertThatThrownBy(() -> settings(Duration.ofDays(7), Duration.ZERO, 200, List.of("thumbs_down")))
                .hasMessageContaining("platform.clustering.max-step");
        assertThatThrownBy(() -> settings(Duration.ofDays(7), Duration.ofHours(24), 0, List.of("thumbs_down")))
                .hasMessageContaining("platform.clustering.new-failures");
    }
}
