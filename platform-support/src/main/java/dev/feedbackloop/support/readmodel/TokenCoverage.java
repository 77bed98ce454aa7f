package dev.feedbackloop.support.readmodel;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The positions of the event stream a tracking token has seen: every one up to {@code index} except its gaps. On SQL
 * event stores tokens are gap-aware: an event committed late with a lower index is delivered after higher ones, and
 * then its token keeps the highest index and only loses the gap, so a token's position is not its event's position.
 */
record TokenCoverage(long index, SortedSet<Long> gaps) {

    TokenCoverage {
        gaps = new TreeSet<>(gaps);
    }

    static TokenCoverage of(TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return new TokenCoverage(gapAware.getIndex(), gapAware.getGaps());
        }
        if (current == null || current.position().isEmpty()) {
            throw new IllegalStateException("no position in tracking token " + token);
        }
        return new TokenCoverage(current.position().getAsLong(), new TreeSet<>());
    }

    static TokenCoverage of(long index, Collection<Long> gaps) {
        return new TokenCoverage(index, new TreeSet<>(gaps));
    }

    boolean covers(long position) {
        return position <= index && !gaps.contains(position);
    }

    /** Whether every position the other has seen was seen here too (Axon's {@code covers} for gap-aware tokens). */
    boolean covers(TokenCoverage other) {
        return covers(other.index) && other.gaps.containsAll(gaps.headSet(other.index));
    }

    /** The positions seen by this or the other. */
    TokenCoverage including(TokenCoverage other) {
        TreeSet<Long> unseen = new TreeSet<>();
        gaps.stream().filter(gap -> !other.covers(gap)).forEach(unseen::add);
        other.gaps.stream().filter(gap -> !covers(gap)).forEach(unseen::add);
        return new TokenCoverage(Math.max(index, other.index), unseen);
    }

    /** Whether a position below {@code position} is still unseen. */
    boolean hasGapBelow(long position) {
        return !gaps.headSet(position).isEmpty();
    }
}
