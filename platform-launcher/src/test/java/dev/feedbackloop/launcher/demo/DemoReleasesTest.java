package dev.feedbackloop.launcher.demo;

import dev.feedbackloop.kernel.common.IsoWeeks;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the day and hour the demo starts, last week's cycle has the fix to measure and the release before it. */
class DemoReleasesTest {

    @Test
    void theFixFallsEarlyInLastWeekAndTheDegradingReleaseBeforeItOnEveryDayAndHour() {
        Instant monday = Instant.parse("2026-11-30T00:00:00Z");
        for (int hours = 0; hours < 7 * 24; hours++) {
            Instant anchor = monday.plus(Duration.ofHours(hours)).plusSeconds(1234);
            DemoScenario.Releases r = DemoScenario.Releases.of(anchor);
            String lastWeek = IsoWeeks.of(anchor.minus(Duration.ofDays(7)), ZoneOffset.UTC);
            assertThat(IsoWeeks.of(r.fixed(), ZoneOffset.UTC)).as("fix in last week, from " + anchor).isEqualTo(lastWeek);
            assertThat(r.fixed().atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(IsoWeeks.of(r.degraded(), ZoneOffset.UTC)).as("3.2 before last week").isNotEqualTo(lastWeek);
            assertThat(Duration.between(r.degraded(), anchor)).as("17 days hold 3.2 and a day of 3.1")
                    .isLessThanOrEqualTo(Duration.ofDays(16).plusHours(15));
            assertThat(r.versionAt(r.degraded().minusSeconds(1))).isEqualTo("3.1");
            assertThat(r.versionAt(r.degraded())).isEqualTo("3.2");
            assertThat(r.versionAt(r.fixed())).isEqualTo("3.3");
        }
    }
}
