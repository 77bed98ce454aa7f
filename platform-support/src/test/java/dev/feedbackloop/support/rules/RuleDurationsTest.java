package dev.feedbackloop.support.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleDurationsTest {

    @Test
    void aNumberWithAUnitIsReadInSecondsMinutesHoursOrDays() {
        assertThat(RuleDurations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RuleDurations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RuleDurations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(RuleDurations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(RuleDurations.parse(" 0h ")).isEqualTo(Duration.ZERO);
    }

    @Test
    void isoDurationsAreAcceptedToo() {
        assertThat(RuleDurations.parse("PT24H")).isEqualTo(Duration.ofHours(24));
        assertThat(RuleDurations.parse("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(RuleDurations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void otherFormsAreRefusedWithTheFormsThatExist() {
        for (String text : List.of("24", "24 hours", "1w", "24H", "1.5h", "h", "P", "PTxH", "-1h", "")) {
            assertThatThrownBy(() -> RuleDurations.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + text + "\" is not a duration like \"24h\", \"7d\", \"30m\", \"90s\" or \"PT24H\"");
        }
    }
}
