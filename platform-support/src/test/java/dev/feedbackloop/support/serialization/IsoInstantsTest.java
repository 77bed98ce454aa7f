package dev.feedbackloop.support.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    record Stamped(Instant at) {
    }

    @Test
    void writesWhatIsoInstantWritesAndReadsItBackForEveryPrecision() {
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = i % 2 == 0 ? random.nextLong(from, to + 1)
                    : random.nextLong(-86_400L * 366, 86_400L * 366 * 200);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String text = IsoInstants.format(instant);
            assertThat(text).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
            assertThat(IsoInstants.parse(text)).isEqualTo(instant);
        }
        assertThat(IsoInstants.parse("2026-12-06T08:40:17.1Z")).isEqualTo(Instant.parse("2026-12-06T08:40:17.100Z"));
        assertThat(IsoInstants.parse("2024-02-29T23:59:59.000000001Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.000000001Z"));
    }

    @Test
    void textOfAnyOtherShapeIsLeftToTheGeneralParser() {
        for (String other : new String[]{"2026-12-06T09:40:17+01:00", "2026-12-06 08:40:17Z", "2026-12-06T08:40:17.Z",
                "2026-12-06T08:40:17.1234567890Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-12-06T24:00:00Z", "2026-12-06T23:59:60Z", "+10000-01-01T00:00:00Z",
                "2026-12-0xT08:40:17Z", "2026-12-06T08:40:17z"}) {
            assertThat(IsoInstants.parse(other)).as(other).isNull();
        }
        assertThat(IsoInstants.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
        assertThat(IsoInstants.format(Instant.parse("-0001-06-01T00:00:00Z"))).isEqualTo("-0001-06-01T00:00:00Z");
    }

    @Test
    void storedEventsReadEveryFormTheyReadBeforeAndRefuseImpossibleDates() throws Exception {
        ObjectMapper mapper = StoredFormat.eventMapper();
        Instant at = Instant.parse("2026-12-06T08:40:17.123456Z");
        assertThat(mapper.writeValueAsString(new Stamped(at))).isEqualTo("{\"at\":\"2026-12-06T08:40:17.123456Z\"}");
        assertThat(mapper.readValue("{\"at\":\"2026-12-06T08:40:17.123456Z\"}", Stamped.class).at()).isEqualTo(at);
        assertThat(mapper.readValue("{\"at\":\"2026-12-06T09:40:17.123456+01:00\"}", Stamped.class).at()).isEqualTo(at);
        assertThat(mapper.readValue("{\"at\":1796546417.5}", Stamped.class).at())
                .isEqualTo(Instant.ofEpochSecond(1_796_546_417L, 500_000_000));
        assertThat(mapper.readValue("{\"at\":null}", Stamped.class).at()).isNull();
        assertThatThrownBy(() -> mapper.readValue("{\"at\":\"2026-02-30T00:00:00Z\"}", Stamped.class))
                .hasMessageContaining("2026-02-30");
    }
}
