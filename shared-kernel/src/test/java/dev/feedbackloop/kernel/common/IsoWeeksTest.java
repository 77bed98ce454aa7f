package dev.feedbackloop.kernel.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IsoWeeksTest {

    @Test
    void weeksFollowIso8601InUtc() {
        // 2026-01-01 is a Thursday: week 1 of 2026 starts Monday 2025-12-29
        assertThat(IsoWeeks.of(Instant.parse("2026-01-01T12:00:00Z"))).isEqualTo("2026-W01");
        assertThat(IsoWeeks.of(Instant.parse("2025-12-29T00:00:00Z"))).isEqualTo("2026-W01");
        assertThat(IsoWeeks.of(Instant.parse("2025-12-28T23:59:59Z"))).isEqualTo("2025-W52");
        // so 2026 has 53 weeks, and 2027-01-01 (a Friday) is in the 53rd
        assertThat(IsoWeeks.of(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53");
        assertThat(IsoWeeks.start("2026-W01")).isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
        assertThat(IsoWeeks.end("2026-W48")).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(IsoWeeks.isWeek("2026-W53")).isTrue();
        assertThat(IsoWeeks.isWeek("2025-W53")).isFalse();
        assertThat(IsoWeeks.isWeek("2026-W00")).isFalse();
        assertThat(IsoWeeks.isWeek("2026-48")).isFalse();
    }
}
