package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.CloseImprovementCycle;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.LinkCycleWork;
import dev.feedbackloop.kernel.cycle.ProposeSuccessCriteria;
import dev.feedbackloop.kernel.cycle.RankCycleBacklog;
import dev.feedbackloop.kernel.cycle.RecordCycleMeasurement;
import dev.feedbackloop.kernel.cycle.RecordCycleProblems;
import dev.feedbackloop.kernel.cycle.RecordCycleReview;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
import dev.feedbackloop.kernel.cycle.StartCyclePhase;
import dev.feedbackloop.kernel.cycle.UpdateEvaluationDataset;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TestCaseApproved;
import dev.feedbackloop.kernel.trigger.TestCaseCreated;
import dev.feedbackloop.kernel.trigger.TestCaseRetired;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketPrioritized;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import dev.feedbackloop.support.serialization.StoredFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.axonframework.test.utils.CallbackBehavior;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A week of the cycle saga in fixture time: phases in order, missed deadlines, measurement, close, work links. */
class CycleSagaTest {

    static final String AGENT = "support-bot";
    static final String ID = "cy-support-bot-2026-W48";
    static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant MON = Instant.parse("2026-11-23T09:00:00Z");
    static final Instant TUE = Instant.parse("2026-11-24T09:00:00Z");
    static final Instant WED = Instant.parse("2026-11-25T09:00:00Z");
    static final Instant THU = Instant.parse("2026-11-26T09:00:00Z");
    static final Instant FRI = Instant.parse("2026-11-27T17:00:00Z");
    static final Instant PREVIOUS_WEEK = Instant.parse("2026-11-16T00:00:00Z");

    FakeCycleAnalyst analyst;
    SagaTestFixture<CycleSaga> fixture;

    @BeforeEach
    void setUp() {
        analyst = new FakeCycleAnalyst();
        fixture = fresh();
    }

    /** A new fixture (one per scenario: a fixture's clock is set once) sharing the fake analyst. */
    SagaTestFixture<CycleSaga> fresh() {
        SagaTestFixture<CycleSaga> f = new SagaTestFixture<>(CycleSaga.class);
        f.registerResource(analyst);
        f.registerResource(CycleSettings.defaults());
        f.registerResource((ApprovedTestCases) agent -> List.of("tc-1", "tc-2"));
        return f;
    }

    static ImprovementCycleOpened opened() {
        return new ImprovementCycleOpened(ID, AGENT, "2026-W48", "UTC", START, END, START);
    }

    static Object[] reviewToImplementation() {
        return new Object[]{
                new StartCyclePhase(ID, "review", MON),
                new RecordCycleReview(ID, FakeCycleAnalyst.review(PREVIOUS_WEEK, START), MON),
                new StartCyclePhase(ID, "deep_dive", TUE),
                new RecordCycleProblems(ID, FakeCycleAnalyst.problems(), TUE),
                new StartCyclePhase(ID, "prioritization", WED),
                new RankCycleBacklog(ID, FakeCycleAnalyst.backlog(), WED),
                new StartCyclePhase(ID, "implementation", THU),
                new UpdateEvaluationDataset("ds-support-bot", AGENT, List.of("tc-1", "tc-2"), ID, THU)};
    }

    @Test
    void openingSchedulesOnlyTheReview() throws Exception {
        fresh().givenCurrentTime(START)
                .whenPublishingA(opened())
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(MON, "review");
    }

    @Test
    void eachPhaseRunsAtItsTimeAndSchedulesOnlyTheNext() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenTimeAdvancesTo(MON)
                .expectDispatchedCommands(new StartCyclePhase(ID, "review", MON),
                        new RecordCycleReview(ID, FakeCycleAnalyst.review(PREVIOUS_WEEK, START), MON))
                .expectScheduledDeadline(TUE, "deep_dive");
        assertThat(analyst.calls).containsExactly("review support-bot " + PREVIOUS_WEEK + " " + START);
    }

    @Test
    void aWholeWeekRunsInOrderAndCloses() throws Exception {
        analyst.deployment = Optional.of(new CycleAnalyst.Deployment("v2", "v1", WED));
        Object[] expected = concat(reviewToImplementation(),
                new StartCyclePhase(ID, "measurement", FRI),
                new RecordDeployedVersion(ID, "v2", "v1", WED, "feedback", FRI),
                new RecordCycleMeasurement(ID, FakeCycleAnalyst.measurement("v1", "v2", "improved"), FRI),
                new ProposeSuccessCriteria(ID, Map.of("task_success_rate", 0.82, "negative_rate", 0.12), END),
                new CloseImprovementCycle(ID, END));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenTimeAdvancesTo(END.plusSeconds(1))
                .expectDispatchedCommands(expected)
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(analyst.calls).containsExactly(
                "review support-bot " + PREVIOUS_WEEK + " " + START,
                "problems support-bot " + TUE.minus(Duration.ofDays(7)) + " " + TUE,
                "backlog support-bot " + WED.minus(Duration.ofDays(7)) + " " + WED,
                "deployment support-bot " + START + " " + FRI,
                "measure support-bot v1 v2 " + WED + " " + FRI,
                "criteria support-bot " + START + " " + END);
    }

    @Test
    void phasesWhoseDeadlinesPassedWhileDownRunInOrderThenTheNextWaits() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenTimeAdvancesTo(THU.plus(Duration.ofHours(3)))
                .expectDispatchedCommands(reviewToImplementation())
                .expectScheduledDeadline(FRI, "measurement")
                .expectActiveSagas(1);
    }

    @Test
    void theRecordedDeployedVersionIsMeasuredWithoutAskingTheFeedback() throws Exception {
        analyst.deployment = Optional.of(new CycleAnalyst.Deployment("v9", "v8", TUE));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(THU.plusSeconds(60))
                .andThenAPublished(new DeployedVersionRecorded(ID, "v2", "v1", WED, "ana", WED))
                .whenTimeAdvancesTo(FRI)
                .expectDispatchedCommands(new StartCyclePhase(ID, "measurement", FRI),
                        new RecordCycleMeasurement(ID, FakeCycleAnalyst.measurement("v1", "v2", "improved"), FRI))
                .expectScheduledDeadlineWithName(END, CycleSaga.CLOSE_DEADLINE);
        assertThat(analyst.calls).noneMatch(c -> c.startsWith("deployment"));
    }

    @Test
    void aWorseVerdictOpensAHighPriorityTicket() throws Exception {
        analyst.deployment = Optional.of(new CycleAnalyst.Deployment("v2", "v1", WED));
        analyst.verdict = "worse";
        FixtureExecutionResult result = fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(THU.plusSeconds(60))
                .whenTimeAdvancesTo(FRI)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(CreateTicket.class))));
        CreateTicket ticket = (CreateTicket) dispatched(result).get(3);
        assertThat(ticket.ticketId()).isEqualTo("tk-" + ID + "-worse");
        assertThat(ticket.priority()).isEqualTo(Priority.HIGH);
        assertThat(ticket.severity()).isEqualTo(Severity.WARNING);
        assertThat(ticket.agentId()).isEqualTo(AGENT);
        assertThat(ticket.createdAt()).isEqualTo(FRI);
        assertThat(ticket.title()).isEqualTo("Week 2026-W48: v2 measured worse than v1");
        assertThat(ticket.description()).contains("task_success_rate 0.78 -> 0.7 (two_proportion_z, p=0.0037)");
        assertThat(ticket.scope()).containsEntry("agent_version", "v2");
    }

    @Test
    void aWeekWithoutADeploymentMeasuresNothingButStillCloses() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(THU.plusSeconds(60))
                .whenTimeAdvancesTo(FRI)
                .expectDispatchedCommands(new StartCyclePhase(ID, "measurement", FRI))
                .expectScheduledDeadlineWithName(END, CycleSaga.CLOSE_DEADLINE);
    }

    @Test
    void theAgentsFirstVersionHasNothingToBeMeasuredAgainst() throws Exception {
        analyst.deployment = Optional.of(new CycleAnalyst.Deployment("v1", null, WED));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(THU.plusSeconds(60))
                .whenTimeAdvancesTo(FRI)
                .expectDispatchedCommands(new StartCyclePhase(ID, "measurement", FRI),
                        new RecordDeployedVersion(ID, "v1", null, WED, "feedback", FRI));
    }

    @Test
    void aFailingPhaseRunsAgainLaterAndTheNextPhaseWaitsForIt() throws Exception {
        analyst.problemFailures.set(1);
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(MON)
                .whenTimeAdvancesTo(TUE)
                .expectDispatchedCommands(new StartCyclePhase(ID, "deep_dive", TUE))
                .expectScheduledDeadline(Duration.ofMinutes(5), "deep_dive");
        analyst.problemFailures.set(1);
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(MON)
                .andThenTimeAdvancesTo(TUE)
                .whenTimeElapses(Duration.ofMinutes(5))
                .expectDispatchedCommands(new StartCyclePhase(ID, "deep_dive", TUE),
                        new RecordCycleProblems(ID, FakeCycleAnalyst.problems(), TUE))
                .expectScheduledDeadline(WED, "prioritization");
    }

    /** A command bus that fails the first command of {@code type} it is given, as a store that is down would. */
    static CallbackBehavior failingOnce(Class<?> type) {
        AtomicInteger failures = new AtomicInteger(1);
        return (command, metaData) -> {
            if (type.isInstance(command) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the event store is down");
            }
            return null;
        };
    }

    @Test
    void aPhaseWhoseCommandFailsRunsAgainLaterAndTheNextPhaseWaitsForIt() throws Exception {
        Object[] review = {new StartCyclePhase(ID, "review", MON),
                new RecordCycleReview(ID, FakeCycleAnalyst.review(PREVIOUS_WEEK, START), MON)};
        SagaTestFixture<CycleSaga> failing = fresh();
        failing.setCallbackBehavior(failingOnce(RecordCycleReview.class));
        failing.givenCurrentTime(START).andThenAPublished(opened())
                .whenTimeAdvancesTo(MON)
                .expectDispatchedCommands(review)
                .expectScheduledDeadline(Duration.ofMinutes(5), "review")
                .expectActiveSagas(1);
        SagaTestFixture<CycleSaga> retried = fresh();
        retried.setCallbackBehavior(failingOnce(RecordCycleReview.class));
        retried.givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(MON)
                .whenTimeElapses(Duration.ofMinutes(5))
                .expectDispatchedCommands(review)
                .expectScheduledDeadline(TUE, "deep_dive");
    }

    @Test
    void aCloseWhoseCommandFailsIsTriedAgainAndOnlyThenEndsTheSaga() throws Exception {
        Object[] close = {new ProposeSuccessCriteria(ID, Map.of("task_success_rate", 0.82, "negative_rate", 0.12), END),
                new CloseImprovementCycle(ID, END)};
        SagaTestFixture<CycleSaga> failing = fresh();
        failing.setCallbackBehavior(failingOnce(CloseImprovementCycle.class));
        failing.givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(FRI.plusSeconds(1))
                .whenTimeAdvancesTo(END)
                .expectDispatchedCommands(close)
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(END.plus(Duration.ofMinutes(5)), CycleSaga.CLOSE_DEADLINE);
        SagaTestFixture<CycleSaga> retried = fresh();
        retried.setCallbackBehavior(failingOnce(CloseImprovementCycle.class));
        retried.givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(END)
                .whenTimeElapses(Duration.ofMinutes(5))
                .expectDispatchedCommands(close)
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void theStoredSagaHoldsOnlyItsDomainFieldsAndReadsWhatTheTriggerServiceStored() throws Exception {
        ObjectMapper stored = StoredFormat.generalMapper();
        assertThat(stored.valueToTree(new CycleSaga()).fieldNames()).toIterable().containsExactly("agentId", "cycleId",
                "deployedAt", "deployedVersion", "endsAt", "pending", "previousVersion", "startsAt", "week", "zone");
        // the state of an open cycle's saga as the trigger service stored it (see StoredBeforeTheMoveTest)
        String legacy = "{\"agentId\":\"legacy-bot\",\"cycleId\":\"cy-legacy-bot-2026-W49\",\"deployedAt\":null,"
                + "\"deployedVersion\":null,\"endsAt\":\"2026-12-07T00:00:00Z\",\"pending\":\"review\","
                + "\"previousVersion\":null,\"startsAt\":\"2026-11-30T00:00:00Z\",\"week\":\"2026-W49\",\"zone\":\"UTC\"}";
        assertThat(stored.writeValueAsString(stored.readValue(legacy, CycleSaga.class))).isEqualTo(legacy);
    }

    @Test
    void ticketsOfTheAgentCreatedDuringTheWeekAreLinkedAndFollowed() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenPublishingA(ticket("tk-1", AGENT, WED))
                .expectDispatchedCommands(new LinkCycleWork(ID, "ticket", "tk-1", "open", WED));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenAPublished(ticket("tk-1", AGENT, WED))
                .whenPublishingA(new TicketResolved("tk-1", "prompt fixed", "ana", THU))
                .expectDispatchedCommands(new LinkCycleWork(ID, "ticket", "tk-1", "resolved", THU));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenAPublished(ticket("tk-1", AGENT, WED))
                .whenPublishingA(new TicketPrioritized("tk-1", Priority.HIGH, Priority.CRITICAL, null, "ana", THU))
                .expectDispatchedCommands(new LinkCycleWork(ID, "ticket", "tk-1", "prioritized", THU));
    }

    @Test
    void workOutsideTheWeekOrOfAnotherAgentIsNotLinked() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenPublishingA(ticket("tk-2", AGENT, START.minusSeconds(1)))
                .expectNoDispatchedCommands();
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenPublishingA(ticket("tk-3", "sales-bot", WED))
                .expectNoDispatchedCommands();
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenPublishingA(ticket("tk-4", null, WED))
                .expectNoDispatchedCommands();
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenAPublished(ticket("tk-1", AGENT, WED))
                .whenPublishingA(new TicketResolved("tk-1", "fixed", "ana", END))
                .expectNoDispatchedCommands();
    }

    @Test
    void testCasesAreLinkedAsTheyAreProposedApprovedAndRetired() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .whenPublishingA(new TestCaseCreated("tc-1", "in-1", AGENT, "c-1", "fb-1", "tr-1", "billing",
                        "where is my refund", "I cannot help", null, TUE))
                .expectDispatchedCommands(new LinkCycleWork(ID, "test_case", "tc-1", "proposed", TUE));
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenAPublished(new TestCaseApproved("tc-0", AGENT, "a refund answer", "ana", TUE))
                .whenPublishingA(new TestCaseRetired("tc-0", "obsolete", "ana", THU))
                .expectDispatchedCommands(new LinkCycleWork(ID, "test_case", "tc-0", "retired", THU));
    }

    @Test
    void aClosedCycleEndsItsSaga() throws Exception {
        fresh().givenCurrentTime(START).andThenAPublished(opened())
                .andThenTimeAdvancesTo(FRI.plusSeconds(1))
                .whenTimeAdvancesTo(END)
                .expectDispatchedCommands(
                        new ProposeSuccessCriteria(ID, Map.of("task_success_rate", 0.82, "negative_rate", 0.12), END),
                        new CloseImprovementCycle(ID, END))
                .expectActiveSagas(0);
    }

    static TicketCreated ticket(String id, String agent, Instant at) {
        return new TicketCreated(id, null, agent, null, "Refunds fail", "", Priority.HIGH, null, 0, Map.of(), at);
    }

    static Object[] concat(Object[] first, Object... more) {
        Object[] all = new Object[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    static List<Object> dispatched(FixtureExecutionResult result) {
        List<Object> sent = new java.util.ArrayList<>();
        result.expectDispatchedCommandsMatching(new org.hamcrest.BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                ((List<?>) item).forEach(m -> sent.add(((org.axonframework.commandhandling.CommandMessage<?>) m).getPayload()));
                return true;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
            }
        });
        return sent;
    }
}
