package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.cycle.CyclePhase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weeks, phase times in a zone (across daylight saving) and the validation of platform.cycles. */
class CycleSettingsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void isoWeeksAreParsedStrictly() {
        assertThat(IsoWeeks.monday("2026-W48")).contains(LocalDate.of(2026, 11, 23));
        assertThat(IsoWeeks.isWeek("2026-W53")).as("2026 has 53 ISO weeks").isTrue();
        assertThat(IsoWeeks.isWeek("2027-W53")).isFalse();
        assertThat(IsoWeeks.isWeek("2026-W00")).isFalse();
        assertThat(IsoWeeks.isWeek("2026-48")).isFalse();
        assertThat(IsoWeeks.isWeek(null)).isFalse();
        assertThat(IsoWeeks.of(Instant.parse("2027-01-01T12:00:00Z"), ZoneOffset.UTC)).isEqualTo("2026-W53");
        assertThat(IsoWeeks.of(Instant.parse("2026-11-29T23:30:00Z"), BERLIN)).as("already Monday in Berlin")
                .isEqualTo("2026-W49");
        assertThat(ImprovementCycle.idOf("support-bot", "2026-W48")).isEqualTo("cy-support-bot-2026-W48");
    }

    @Test
    void phasesStartAtTheirLocalTimesEvenAcrossADaylightSavingChange() {
        CycleSettings settings = CycleSettings.defaults();
        // 2026-W13: Berlin moves to summer time on Sunday 29 March
        Instant start = IsoWeeks.start("2026-W13", BERLIN);
        assertThat(start).isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
        assertThat(settings.at(start, BERLIN, settings.offset(CyclePhase.REVIEW)))
                .isEqualTo(Instant.parse("2026-03-23T08:00:00Z"));
        assertThat(settings.at(start, BERLIN, settings.offset(CyclePhase.MEASUREMENT)))
                .isEqualTo(Instant.parse("2026-03-27T16:00:00Z"));
        assertThat(settings.at(start, BERLIN, settings.close())).as("the next Monday 00:00, in summer time")
                .isEqualTo(IsoWeeks.end("2026-W13", BERLIN)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    }

    @Test
    void aBadZoneOrOffsetsOutOfOrderAreRefusedReadably() {
        assertThatThrownBy(() -> new CycleSettings(true, "Mars/Olympus", Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofHours(9), Duration.ofHours(33), Duration.ofHours(57), Duration.ofHours(81),
                Duration.ofHours(113), Duration.ofHours(168)))
                .hasMessage("platform.cycles.zone must be a time zone id such as UTC or Europe/Berlin, was 'Mars/Olympus'");
        assertThatThrownBy(() -> new CycleSettings(true, "UTC", Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofHours(9), Duration.ofHours(8), Duration.ofHours(57), Duration.ofHours(81),
                Duration.ofHours(113), Duration.ofHours(168)))
                .hasMessage("platform.cycles.deep-dive (PT8H) must come after platform.cycles.review (PT9H)");
        assertThatThrownBy(() -> new CycleSettings(true, "UTC", Duration.ZERO, Duration.ofMinutes(5),
                Duration.ofHours(9), Duration.ofHours(33), Duration.ofHours(57), Duration.ofHours(81),
                Duration.ofHours(113), Duration.ofHours(168)))
                .hasMessageContaining("platform.cycles.check-interval must be positive");
    }
}
