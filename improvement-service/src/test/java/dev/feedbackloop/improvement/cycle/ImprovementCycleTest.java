package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.cycle.AcceptSuccessCriteria;
import dev.feedbackloop.kernel.cycle.AddTriageNote;
import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.BacklogItemDecided;
import dev.feedbackloop.kernel.cycle.BacklogItemMoved;
import dev.feedbackloop.kernel.cycle.CloseImprovementCycle;
import dev.feedbackloop.kernel.cycle.CycleBacklogRanked;
import dev.feedbackloop.kernel.cycle.CycleMeasured;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CyclePhaseStarted;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleProblemsCompiled;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.CycleReviewCompiled;
import dev.feedbackloop.kernel.cycle.CycleWorkLinked;
import dev.feedbackloop.kernel.cycle.DecideBacklogItem;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.ImprovementCycleClosed;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.LinkCycleWork;
import dev.feedbackloop.kernel.cycle.MoveBacklogItem;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import dev.feedbackloop.kernel.cycle.ProposeSuccessCriteria;
import dev.feedbackloop.kernel.cycle.RankCycleBacklog;
import dev.feedbackloop.kernel.cycle.RecordCycleMeasurement;
import dev.feedbackloop.kernel.cycle.RecordCycleProblems;
import dev.feedbackloop.kernel.cycle.RecordCycleReview;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
import dev.feedbackloop.kernel.cycle.StartCyclePhase;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaAccepted;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaProposed;
import dev.feedbackloop.kernel.cycle.TriageNoteAdded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every path of a cycle: opening once, phases in order, results once, backlog, notes, deployment, criteria, close. */
class ImprovementCycleTest {

    static final String ID = "cy-support-bot-2026-W48";
    static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant MON = Instant.parse("2026-11-23T09:00:00Z");
    static final Instant WED = Instant.parse("2026-11-25T09:00:00Z");
    static final Instant FRI = Instant.parse("2026-11-27T17:00:00Z");

    AggregateTestFixture<ImprovementCycle> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ImprovementCycle.class);
    }

    static Matcher<BusinessRuleViolation> code(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(BusinessRuleViolation item) {
                return item.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation with code " + code);
            }
        };
    }

    static ImprovementCycleOpened opened() {
        return new ImprovementCycleOpened(ID, "support-bot", "2026-W48", "UTC", START, END, START);
    }

    static CyclePhaseStarted started(String phase) {
        return new CyclePhaseStarted(ID, phase, MON);
    }

    /** The events of a cycle that ran up to and including {@code phase} (and recorded each result). */
    static Object[] upTo(String phase) {
        List<Object> events = new ArrayList<>(List.of(opened()));
        for (String p : List.of("review", "deep_dive", "prioritization", "implementation", "measurement")) {
            events.add(started(p));
            switch (p) {
                case "review" -> events.add(new CycleReviewCompiled(ID, review(), MON));
                case "deep_dive" -> events.add(new CycleProblemsCompiled(ID, List.of(problem()), MON));
                case "prioritization" -> events.add(new CycleBacklogRanked(ID, backlog(), WED));
                default -> {
                }
            }
            if (p.equals(phase)) {
                break;
            }
        }
        return events.toArray();
    }

    static Object[] with(Object[] events, Object... more) {
        List<Object> all = new ArrayList<>(Arrays.asList(events));
        all.addAll(Arrays.asList(more));
        return all.toArray();
    }

    static Object[] closed() {
        List<Object> events = new ArrayList<>(Arrays.asList(upTo("measurement")));
        events.add(new ImprovementCycleClosed(ID, END));
        return events.toArray();
    }

    static CycleReview review() {
        return new CycleReview(START.minusSeconds(7 * 86400), START, List.of("in-1"), 2, 3, 1, List.of());
    }

    static CycleProblem problem() {
        return new CycleProblem("failure_cluster", "c-1", "billing", 120, "negative_rate", 0.3, 0.1);
    }

    static List<BacklogItem> backlog() {
        return List.of(item("b-1"), item("b-2"), item("b-3"));
    }

    static BacklogItem item(String id) {
        return new BacklogItem(id, "ticket", "tk-" + id, "Fix " + id, 100, 0.5, 1.2, 60.0, null);
    }

    static CycleMeasurement measurement() {
        return new CycleMeasurement("v1", "v2", List.of(), "improved");
    }

    @Test
    void openingRecordsTheCycleAndOpeningAgainChangesNothing() {
        OpenImprovementCycle open = new OpenImprovementCycle(ID, "support-bot", "2026-W48", "UTC", START, END, START);
        fixture.givenNoPriorActivity().when(open).expectEvents(opened());
        fixture.given(opened()).when(open).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void openingNeedsAWeekAZoneAndBounds() {
        fixture.givenNoPriorActivity()
                .when(new OpenImprovementCycle(ID, "support-bot", "2026-W60", "UTC", START, END, START))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new OpenImprovementCycle(ID, "support-bot", "2026-W48", "Mars/Olympus", START, END, START))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new OpenImprovementCycle(ID, "support-bot", "2026-W48", "UTC", END, START, START))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    @Test
    void commandsToACycleNeverOpenedAreNotFound() {
        fixture.givenNoPriorActivity().when(new StartCyclePhase(ID, "review", MON))
                .expectException(code(ErrorCode.NOT_FOUND)).expectNoEvents();
        fixture.givenNoPriorActivity().when(new AddTriageNote(ID, "n-1", "ana", "hi", MON))
                .expectException(code(ErrorCode.NOT_FOUND)).expectNoEvents();
    }

    @Test
    void phasesMoveForwardOneAtATime() {
        fixture.given(opened()).when(new StartCyclePhase(ID, "review", MON)).expectEvents(started("review"));
        fixture.given(opened(), started("review")).when(new StartCyclePhase(ID, "deep_dive", MON))
                .expectEvents(started("deep_dive"));
    }

    @Test
    void startingTheCurrentOrAnEarlierPhaseAgainChangesNothing() {
        fixture.given(upTo("deep_dive")).when(new StartCyclePhase(ID, "deep_dive", MON))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(upTo("deep_dive")).when(new StartCyclePhase(ID, "review", MON))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void skippingAPhaseIsWrongState() {
        fixture.given(opened()).when(new StartCyclePhase(ID, "deep_dive", MON))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("review")).when(new StartCyclePhase(ID, "measurement", MON))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
    }

    @Test
    void anUnknownPhaseIsInvalid() {
        fixture.given(opened()).when(new StartCyclePhase(ID, "party", MON))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    @Test
    void aPhaseResultIsRecordedOnceAndOnlyOnceItsPhaseStarted() {
        fixture.given(opened(), started("review")).when(new RecordCycleReview(ID, review(), MON))
                .expectEvents(new CycleReviewCompiled(ID, review(), MON));
        fixture.given(upTo("review")).when(new RecordCycleReview(ID, review(), WED))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened()).when(new RecordCycleReview(ID, review(), MON))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(with(upTo("review"), started("deep_dive"))).when(new RecordCycleProblems(ID, List.of(problem()), MON))
                .expectEvents(new CycleProblemsCompiled(ID, List.of(problem()), MON));
        fixture.given(upTo("deep_dive")).when(new RecordCycleProblems(ID, List.of(), MON))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(upTo("review")).when(new RankCycleBacklog(ID, backlog(), WED))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("prioritization")).when(new RankCycleBacklog(ID, List.of(), WED))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theBacklogIsRankedWithUniqueItemIds() {
        fixture.given(with(upTo("deep_dive"), started("prioritization")))
                .when(new RankCycleBacklog(ID, List.of(item("b-1"), item("b-1")), WED))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.given(with(upTo("deep_dive"), started("prioritization"))).when(new RankCycleBacklog(ID, backlog(), WED))
                .expectEvents(new CycleBacklogRanked(ID, backlog(), WED));
    }

    @Test
    void theMeasurementIsRecordedOnceInItsPhase() {
        fixture.given(upTo("implementation")).when(new RecordCycleMeasurement(ID, measurement(), FRI))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("measurement")).when(new RecordCycleMeasurement(ID, measurement(), FRI))
                .expectEvents(new CycleMeasured(ID, measurement(), FRI));
        fixture.given(with(upTo("measurement"), new CycleMeasured(ID, measurement(), FRI)))
                .when(new RecordCycleMeasurement(ID, new CycleMeasurement("v1", "v2", List.of(), "worse"), FRI))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void backlogItemsAreMovedAndDecidedOnlyOnceRanked() {
        fixture.given(upTo("deep_dive")).when(new MoveBacklogItem(ID, "b-1", 1, "ana", WED))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("deep_dive")).when(new DecideBacklogItem(ID, "b-1", "accepted", "ana", WED))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("prioritization")).when(new MoveBacklogItem(ID, "b-3", 0, "ana", WED))
                .expectEvents(new BacklogItemMoved(ID, "b-3", 0, "ana", WED));
        fixture.given(upTo("prioritization")).when(new DecideBacklogItem(ID, "b-2", "dropped", "ana", WED))
                .expectEvents(new BacklogItemDecided(ID, "b-2", "dropped", "ana", WED));
    }

    @Test
    void movingFollowsEarlierMovesAndToTheSamePlaceChangesNothing() {
        fixture.given(with(upTo("prioritization"), new BacklogItemMoved(ID, "b-3", 0, "ana", WED)))
                .when(new MoveBacklogItem(ID, "b-3", 0, "bob", WED))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(with(upTo("prioritization"), new BacklogItemMoved(ID, "b-3", 0, "ana", WED)))
                .when(new MoveBacklogItem(ID, "b-1", 1, "bob", WED))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void unknownItemsAreNotFoundAndBadPositionsOrDecisionsInvalid() {
        fixture.given(upTo("prioritization")).when(new MoveBacklogItem(ID, "b-9", 0, "ana", WED))
                .expectException(code(ErrorCode.NOT_FOUND)).expectNoEvents();
        fixture.given(upTo("prioritization")).when(new DecideBacklogItem(ID, "b-9", "accepted", "ana", WED))
                .expectException(code(ErrorCode.NOT_FOUND)).expectNoEvents();
        fixture.given(upTo("prioritization")).when(new MoveBacklogItem(ID, "b-1", 3, "ana", WED))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.given(upTo("prioritization")).when(new DecideBacklogItem(ID, "b-1", "maybe", "ana", WED))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    @Test
    void decidingTheSameAgainChangesNothingAndADifferentDecisionIsRecorded() {
        BacklogItemDecided accepted = new BacklogItemDecided(ID, "b-1", "accepted", "ana", WED);
        fixture.given(with(upTo("prioritization"), accepted)).when(new DecideBacklogItem(ID, "b-1", "accepted", "bob", WED))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(with(upTo("prioritization"), accepted)).when(new DecideBacklogItem(ID, "b-1", "dropped", "bob", WED))
                .expectEvents(new BacklogItemDecided(ID, "b-1", "dropped", "bob", WED));
    }

    @Test
    void notesAnyTimeBeforeCloseOncePerNoteId() {
        TriageNoteAdded note = new TriageNoteAdded(ID, "n-1", "ana", "billing looks bad", MON);
        fixture.given(opened()).when(new AddTriageNote(ID, "n-1", "ana", "billing looks bad", MON)).expectEvents(note);
        fixture.given(upTo("measurement")).when(new AddTriageNote(ID, "n-1", "ana", "billing looks bad", MON))
                .expectEvents(note);
        fixture.given(opened(), note).when(new AddTriageNote(ID, "n-1", "ana", "billing looks bad", MON))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened()).when(new AddTriageNote(ID, "n-2", "ana", "  ", MON))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.given(closed()).when(new AddTriageNote(ID, "n-2", "ana", "late", END))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
    }

    @Test
    void theDeployedVersionAnyTimeBeforeTheMeasurement() {
        DeployedVersionRecorded deployed = new DeployedVersionRecorded(ID, "v2", "v1", WED, "ana", WED);
        fixture.given(opened()).when(new RecordDeployedVersion(ID, "v2", "v1", WED, "ana", WED)).expectEvents(deployed);
        fixture.given(upTo("measurement")).when(new RecordDeployedVersion(ID, "v2", "v1", WED, "ana", WED))
                .expectEvents(deployed);
        fixture.given(opened(), deployed).when(new RecordDeployedVersion(ID, "v2", "v1", WED, "bob", FRI))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(with(upTo("measurement"), new CycleMeasured(ID, measurement(), FRI)))
                .when(new RecordDeployedVersion(ID, "v3", "v2", FRI, "ana", FRI))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(opened()).when(new RecordDeployedVersion(ID, " ", "v1", WED, "ana", WED))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    @Test
    void workIsLinkedOncePerMove() {
        CycleWorkLinked linked = new CycleWorkLinked(ID, "ticket", "tk-1", "open", MON);
        fixture.given(opened()).when(new LinkCycleWork(ID, "ticket", "tk-1", "open", MON)).expectEvents(linked);
        fixture.given(opened(), linked).when(new LinkCycleWork(ID, "ticket", "tk-1", "open", MON))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened(), linked).when(new LinkCycleWork(ID, "ticket", "tk-1", "resolved", WED))
                .expectEvents(new CycleWorkLinked(ID, "ticket", "tk-1", "resolved", WED));
        fixture.given(opened()).when(new LinkCycleWork(ID, "epic", "e-1", "open", MON))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    @Test
    void successCriteriaAreProposedOnceAndAcceptedByAPerson() {
        Map<String, Double> proposed = new TreeMap<>(Map.of("task_success_rate", 0.85, "negative_rate", 0.1));
        SuccessCriteriaProposed proposal = new SuccessCriteriaProposed(ID, proposed, END);
        fixture.given(upTo("measurement")).when(new ProposeSuccessCriteria(ID, proposed, END)).expectEvents(proposal);
        fixture.given(with(upTo("measurement"), proposal)).when(new ProposeSuccessCriteria(ID, Map.of("x", 1.0), END))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        Instant later = END.plusSeconds(3600);
        fixture.given(closedWith(proposal)).when(new AcceptSuccessCriteria(ID, null, "ana", later))
                .expectEvents(new SuccessCriteriaAccepted(ID, proposed, "ana", later));
        fixture.given(closedWith(proposal)).when(new AcceptSuccessCriteria(ID, Map.of("task_success_rate", 0.9), "ana", later))
                .expectEvents(new SuccessCriteriaAccepted(ID, new TreeMap<>(Map.of("task_success_rate", 0.9)), "ana", later));
    }

    @Test
    void criteriaAreAcceptedOnlyOnceProposedAndOnlyOnce() {
        Map<String, Double> proposed = new TreeMap<>(Map.of("task_success_rate", 0.85));
        SuccessCriteriaProposed proposal = new SuccessCriteriaProposed(ID, proposed, END);
        SuccessCriteriaAccepted accepted = new SuccessCriteriaAccepted(ID, proposed, "ana", END);
        fixture.given(upTo("measurement")).when(new AcceptSuccessCriteria(ID, null, "ana", END))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(closedWith(proposal, accepted)).when(new AcceptSuccessCriteria(ID, null, "bob", END))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(closedWith(proposal, accepted)).when(new AcceptSuccessCriteria(ID, Map.of("task_success_rate", 0.5), "bob", END))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(closedWith(proposal)).when(new AcceptSuccessCriteria(ID, Map.of("task_success_rate", Double.NaN), "bob", END))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }

    static Object[] closedWith(Object... more) {
        List<Object> events = new ArrayList<>(Arrays.asList(upTo("measurement")));
        events.addAll(Arrays.asList(more));
        events.add(new ImprovementCycleClosed(ID, END));
        return events.toArray();
    }

    @Test
    void theCycleClosesOnceAfterTheMeasurementAndThenRefusesEverything() {
        fixture.given(upTo("implementation")).when(new CloseImprovementCycle(ID, END))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(upTo("measurement")).when(new CloseImprovementCycle(ID, END))
                .expectEvents(new ImprovementCycleClosed(ID, END));
        fixture.given(closed()).when(new CloseImprovementCycle(ID, END))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        for (Object command : List.of(new StartCyclePhase(ID, "measurement", END),
                new RecordCycleMeasurement(ID, measurement(), END),
                new MoveBacklogItem(ID, "b-1", 1, "ana", END),
                new DecideBacklogItem(ID, "b-1", "accepted", "ana", END),
                new RecordDeployedVersion(ID, "v3", "v2", END, "ana", END),
                new LinkCycleWork(ID, "ticket", "tk-1", "open", END),
                new ProposeSuccessCriteria(ID, Map.of("x", 1.0), END))) {
            fixture.given(closed()).when(command).expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        }
    }
}
