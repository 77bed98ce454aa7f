package dev.feedbackloop.improvement.judges;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JudgeSettingsTest {

    @Test
    void theDefaultsAreValid() {
        assertThat(JudgeSettings.DEFAULTS.minPairs()).isEqualTo(30);
        assertThat(JudgeSettings.DEFAULTS.checkInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void brokenSettingsNameTheirProperty() {
        assertThatThrownBy(() -> new JudgeSettings(true, Duration.ZERO, 30, 0.05, 0.1))
                .hasMessageStartingWith("platform.judges.check-interval must be a positive duration");
        assertThatThrownBy(() -> new JudgeSettings(true, Duration.ofHours(1), 1, 0.05, 0.1))
                .hasMessage("platform.judges.min-pairs must be at least 2 (was 1)");
        assertThatThrownBy(() -> new JudgeSettings(true, Duration.ofHours(1), 30, 1.5, 0.1))
                .hasMessage("platform.judges.alpha must be between 0 and 1, exclusive (was 1.5)");
        assertThatThrownBy(() -> new JudgeSettings(true, Duration.ofHours(1), 30, 0.05, -0.1))
                .hasMessageStartingWith("platform.judges.min-drop must be between 0 and 2");
    }
}
