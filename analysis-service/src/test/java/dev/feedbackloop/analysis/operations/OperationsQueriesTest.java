package dev.feedbackloop.analysis.operations;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsQueriesTest {

    static final Instant NOW = Instant.parse("2026-12-04T10:17:30Z");
    final OperationsQueries queries = new OperationsQueries(null,
            new OperationsSettings(Duration.ofDays(2), Duration.ofMinutes(10)), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aRecentPeriodIsReadAsMinutesAroundItsWholeHours() {
        OperationsQueries.Plan plan = queries.plan(Instant.parse("2026-12-04T07:41:10Z"), NOW);
        assertThat(plan.start()).isEqualTo(Instant.parse("2026-12-04T07:41:00Z"));
        assertThat(plan.end()).isEqualTo(Instant.parse("2026-12-04T10:18:00Z"));
        assertThat(plan.firstHour()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        assertThat(plan.lastHour()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }

    @Test
    void aPeriodWithinOneHourIsReadFromMinutesOnly() {
        OperationsQueries.Plan plan = queries.plan(Instant.parse("2026-12-04T09:05:00Z"), Instant.parse("2026-12-04T09:50:00Z"));
        assertThat(plan.firstHour()).isEqualTo(plan.end());
        assertThat(plan.lastHour()).isEqualTo(plan.end());
        assertThat(plan.length()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void aPeriodStartingBeforeTheMinutesKeptIsWidenedToWholeHours() {
        OperationsQueries.Plan plan = queries.plan(Instant.parse("2026-11-30T07:41:00Z"), Instant.parse("2026-12-01T09:10:00Z"));
        assertThat(plan.start()).isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(plan.end()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(plan.firstHour()).isEqualTo(plan.start());
        assertThat(plan.lastHour()).isEqualTo(plan.end());
    }

    @Test
    void minutesAreTheDefaultResolutionForADayTheyStillCover() {
        assertThat(queries.defaultResolution(NOW.minus(Duration.ofHours(24)), NOW)).isEqualTo(OperationsQueries.Resolution.MINUTE);
        assertThat(queries.defaultResolution(NOW.minus(Duration.ofHours(25)), NOW)).isEqualTo(OperationsQueries.Resolution.HOUR);
        assertThat(queries.defaultResolution(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)).plusSeconds(60)))
                .isEqualTo(OperationsQueries.Resolution.HOUR);
    }
}
