package dev.feedbackloop.support.store;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdentifiersTest {

    @Test
    void axonFindsTheFactoryAndItsIdentifiersAreVersionSevenUuidsOfTheCurrentMillisecond() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifiers.class);
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(IdentifierFactory.getInstance().generateIdentifier());
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void identifiersOfLaterMillisecondsSortAfterEarlierOnesAndNeverRepeat() {
        TimeOrderedIdentifiers.RandomBits bits = new TimeOrderedIdentifiers.RandomBits(new SecureRandom());
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 2_000; millis++) {
            for (int i = 0; i < 50; i++) {
                String id = bits.next(millis).toString();
                assertThat(seen.add(id)).as("unique").isTrue();
                if (i == 0) {
                    assertThat(id).as("sorts after the previous millisecond").isGreaterThan(previous);
                }
                previous = i == 49 ? id : previous;
            }
        }
    }

    @Test
    void eachIdentifierTakesBitsOfItsOwnFromADrawThatServesMany() {
        CountingRandom random = new CountingRandom();
        TimeOrderedIdentifiers.RandomBits bits = new TimeOrderedIdentifiers.RandomBits(random);
        Set<Long> randomParts = new HashSet<>();
        int count = TimeOrderedIdentifiers.RandomBits.PER_DRAW * 3 + 1;
        for (int i = 0; i < count; i++) {
            UUID id = bits.next(1_700_000_000_000L);
            assertThat(id.version()).isEqualTo(7);
            assertThat(randomParts.add(id.getLeastSignificantBits())).as("identifier %d has bits of its own", i).isTrue();
        }
        assertThat(random.draws).isEqualTo(4);
    }

    private static final class CountingRandom extends SecureRandom {
        int draws;

        @Override
        public void nextBytes(byte[] bytes) {
            draws++;
            super.nextBytes(bytes);
        }
    }
}
