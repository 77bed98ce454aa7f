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
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 2_000; millis++) {
            for (int i = 0; i < 50; i++) {
                String id = TimeOrderedIdentifiers.next(millis, random).toString();
                assertThat(seen.add(id)).as("unique").isTrue();
                if (i == 0) {
                    assertThat(id).as("sorts after the previous millisecond").isGreaterThan(previous);
                }
                previous = i == 49 ? id : previous;
            }
        }
    }
}
