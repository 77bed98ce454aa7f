package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.kernel.analysis.DissolveFailureCluster;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.analysis.MergeFailureCluster;
import dev.feedbackloop.kernel.analysis.ObserveFailureCluster;
import dev.feedbackloop.kernel.analysis.SplitFailureCluster;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class FailureClusterTest {

    static final String AGENT = "support-bot";
    static final String ID = "fc-refunds";
    static final String OTHER = "fc-payments";
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    static final Duration RESOLVE_AFTER = Duration.ofHours(72);
    static final List<String> TERMS = List.of("refund", "processed", "bank");
    static final List<String> EXEMPLARS = List.of("fb-3", "fb-1");

    AggregateTestFixture<FailureCluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(FailureCluster.class);
    }

    static Instant hour(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    static ObserveFailureCluster observed(int atHour, int size, int last24h, int lastSeenHour, List<String> exemplars) {
        return new ObserveFailureCluster(ID, AGENT, "refund, processed, bank", TERMS, exemplars, size, last24h,
                hour(-30), hour(lastSeenHour), null, RESOLVE_AFTER, hour(atHour));
    }

    static FailureClusterDiscovered discovered() {
        return new FailureClusterDiscovered(ID, AGENT, "refund, processed, bank", TERMS, EXEMPLARS, 30, 21, hour(-30),
                hour(0), null, hour(0));
    }

    static FailureClusterResolved resolvedQuietly(int atHour, int lastSeenHour) {
        return new FailureClusterResolved(ID, AGENT, FailureClusterResolved.QUIET, hour(lastSeenHour), hour(atHour));
    }

    @Test
    void theFirstObservationDiscoversTheCluster() {
        fixture.givenNoPriorActivity()
                .when(observed(0, 30, 21, 0, EXEMPLARS))
                .expectEvents(discovered());
    }

    @Test
    void aSplitOffClusterIsDiscoveredNamingItsOrigin() {
        fixture.givenNoPriorActivity()
                .when(new ObserveFailureCluster(OTHER, AGENT, "card, declined", List.of("card", "declined"),
                        List.of("fb-9"), 8, 8, hour(-5), hour(0), ID, RESOLVE_AFTER, hour(0)))
                .expectEvents(new FailureClusterDiscovered(OTHER, AGENT, "card, declined", List.of("card", "declined"),
                        List.of("fb-9"), 8, 8, hour(-5), hour(0), ID, hour(0)));
    }

    @Test
    void aChangedSizeIsRecordedWithTheNewExemplarsOnlyWhenTheyChanged() {
        fixture.given(discovered())
                .when(observed(1, 36, 25, 1, List.of("fb-3", "fb-40")))
                .expectEvents(new FailureClusterGrew(ID, AGENT, 36, 30, 25, List.of("fb-3", "fb-40"), hour(1), hour(1)));
        fixture.given(discovered())
                .when(observed(1, 36, 25, 1, EXEMPLARS))
                .expectEvents(new FailureClusterGrew(ID, AGENT, 36, 30, 25, null, hour(1), hour(1)));
    }

    @Test
    void aFallingSizeInTheLast24HoursAloneIsAChangeToo() {
        fixture.given(discovered())
                .when(observed(5, 30, 14, 0, EXEMPLARS))
                .expectEvents(new FailureClusterGrew(ID, AGENT, 30, 30, 14, null, hour(0), hour(5)));
    }

    @Test
    void anObservationWithoutAChangeRecordsNothing() {
        fixture.given(discovered())
                .when(observed(1, 30, 21, 0, List.of("fb-1", "fb-3")))
                .expectNoEvents();
    }

    @Test
    void rerunningAnObservationAlreadyRecordedRecordsNothing() {
        fixture.given(discovered())
                .when(observed(0, 30, 21, 0, EXEMPLARS))
                .expectNoEvents();
        FailureClusterGrew grew = new FailureClusterGrew(ID, AGENT, 36, 30, 25, null, hour(1), hour(1));
        fixture.given(discovered(), grew)
                .when(observed(1, 36, 25, 1, EXEMPLARS))
                .expectNoEvents();
        fixture.given(discovered(), grew)
                .when(observed(0, 99, 50, 0, EXEMPLARS))
                .expectNoEvents();
    }

    @Test
    void aClusterWithoutNewMembersForTheResolutionPeriodIsResolved() {
        FailureClusterGrew quiet = new FailureClusterGrew(ID, AGENT, 30, 30, 0, null, hour(0), hour(71));
        fixture.given(discovered())
                .when(observed(71, 30, 0, 0, EXEMPLARS))
                .expectEvents(quiet);
        fixture.given(discovered(), quiet)
                .when(observed(72, 30, 0, 0, EXEMPLARS))
                .expectEvents(resolvedQuietly(72, 0));
        fixture.given(discovered(), quiet, resolvedQuietly(72, 0))
                .when(observed(80, 30, 0, 0, EXEMPLARS))
                .expectNoEvents();
    }

    @Test
    void aResolvedClusterWithNewMembersIsReopened() {
        fixture.given(discovered(), resolvedQuietly(72, 0))
                .when(observed(90, 33, 3, 89, EXEMPLARS))
                .expectEvents(new FailureClusterReopened(ID, AGENT, 33, 3, hour(89), hour(90)));
    }

    @Test
    void aClusterFoundAlreadyQuietIsDiscoveredAndResolvedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(observed(100, 30, 0, 0, EXEMPLARS))
                .expectEvents(new FailureClusterDiscovered(ID, AGENT, "refund, processed, bank", TERMS, EXEMPLARS, 30, 0,
                        hour(-30), hour(0), null, hour(100)), resolvedQuietly(100, 0));
    }

    @Test
    void aMergeEndsTheClusterOnceAndLaterObservationsAreIgnored() {
        FailureClusterMerged merged = new FailureClusterMerged(ID, AGENT, OTHER, hour(2));
        fixture.given(discovered())
                .when(new MergeFailureCluster(ID, AGENT, OTHER, hour(2)))
                .expectEvents(merged);
        fixture.given(discovered(), merged)
                .when(new MergeFailureCluster(ID, AGENT, OTHER, hour(2)))
                .expectNoEvents();
        fixture.given(discovered(), merged)
                .when(observed(3, 40, 30, 3, EXEMPLARS))
                .expectNoEvents();
        fixture.given(discovered())
                .when(new MergeFailureCluster(ID, AGENT, ID, hour(2)))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void aSplitIsRecordedOncePerRunAndEndsTheClusterOnlyIfItDidNotContinue() {
        FailureClusterSplit continuing = new FailureClusterSplit(ID, AGENT, List.of(OTHER), true, hour(2));
        fixture.given(discovered())
                .when(new SplitFailureCluster(ID, AGENT, List.of(OTHER), true, hour(2)))
                .expectEvents(continuing);
        fixture.given(discovered(), continuing)
                .when(new SplitFailureCluster(ID, AGENT, List.of(OTHER), true, hour(2)))
                .expectNoEvents();
        fixture.given(discovered(), continuing)
                .when(observed(3, 20, 10, 3, EXEMPLARS))
                .expectEvents(new FailureClusterGrew(ID, AGENT, 20, 30, 10, null, hour(3), hour(3)));
        FailureClusterSplit ending = new FailureClusterSplit(ID, AGENT, List.of(OTHER, "fc-third"), false, hour(2));
        fixture.given(discovered(), ending)
                .when(observed(3, 20, 10, 3, EXEMPLARS))
                .expectNoEvents();
    }

    @Test
    void aClusterNothingContinuesIsResolvedAsDissolvedOnce() {
        FailureClusterResolved dissolved = new FailureClusterResolved(ID, AGENT, FailureClusterResolved.DISSOLVED,
                hour(0), hour(4));
        fixture.given(discovered())
                .when(new DissolveFailureCluster(ID, AGENT, hour(4)))
                .expectEvents(dissolved);
        fixture.given(discovered(), dissolved)
                .when(new DissolveFailureCluster(ID, AGENT, hour(4)))
                .expectNoEvents();
        fixture.given(discovered())
                .when(new DissolveFailureCluster(ID, AGENT, hour(0)))
                .expectNoEvents();
    }

    @Test
    void changesToAClusterNeverDiscoveredRecordNothing() {
        fixture.givenNoPriorActivity()
                .when(new MergeFailureCluster(ID, AGENT, OTHER, hour(2)))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new DissolveFailureCluster(ID, AGENT, hour(2)))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new SplitFailureCluster(ID, AGENT, List.of(OTHER), false, hour(2)))
                .expectNoEvents();
    }

    @Test
    void anInconsistentObservationIsRefused() {
        fixture.givenNoPriorActivity()
                .when(observed(0, 10, 11, 0, EXEMPLARS))
                .expectException(BusinessRuleViolation.class);
        fixture.givenNoPriorActivity()
                .when(observed(0, 10, 5, 2, EXEMPLARS))
                .expectException(BusinessRuleViolation.class);
        fixture.givenNoPriorActivity()
                .when(observed(0, 0, 0, 0, EXEMPLARS))
                .expectException(BusinessRuleViolation.class);
    }
}
