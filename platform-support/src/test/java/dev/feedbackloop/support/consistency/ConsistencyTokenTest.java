package dev.feedbackloop.support.consistency;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SortedSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A consistency token reads back only as the platform wrote it, and a segment passed a position only once it saw it. */
class ConsistencyTokenTest {

    @Test
    void aTokenReadsBackAsWrittenAndAnythingElseIsNotAToken() {
        assertThat(ConsistencyToken.parse(new ConsistencyToken(42).wire())).contains(new ConsistencyToken(42));
        assertThat(ConsistencyToken.parse("g0")).contains(new ConsistencyToken(0));
        for (String bad : new String[]{null, "", "42", "g", "g-1", "g01", "G42", "g42x", "g1234567890123456789"}) {
            assertThat(ConsistencyToken.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void aSegmentHasPassedAPositionOnlyAtOrBeyondItAndWithNoStoredEventAtOrBelowItLeftAsAGap() {
        Predicate<SortedSet<Long>> stored = gaps -> true;
        Predicate<SortedSet<Long>> rolledBack = gaps -> false;
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(10, Set.of()), 10, stored)).isTrue();
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(9, Set.of()), 10, stored)).isFalse();
        // an event committed late below the highest index seen is not handled yet, at the position or below it
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(12, Set.of(10L)), 10, stored)).isFalse();
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(12, Set.of(7L)), 10, stored)).isFalse();
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(12, Set.of(7L)), 10, rolledBack)).isTrue();
        assertThat(ProcessorPositions.covers(GapAwareTrackingToken.newInstance(12, Set.of(11L)), 10, stored)).isTrue();
        assertThat(ProcessorPositions.covers(new GlobalSequenceTrackingToken(10), 10, stored)).isTrue();
        assertThat(ProcessorPositions.covers(null, 0, stored)).isFalse();
        // during a rebuild the read model holds what the replay has reached, not what it had before the reset
        var replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(20, Set.of()),
                GapAwareTrackingToken.newInstance(5, Set.of()));
        assertThat(ProcessorPositions.covers(replay, 10, stored)).isFalse();
        assertThat(ProcessorPositions.covers(replay, 5, stored)).isTrue();
    }
}
