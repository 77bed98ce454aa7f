package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.CompleteEvaluationRun;
import dev.feedbackloop.kernel.trigger.EvaluationRunCompleted;
import dev.feedbackloop.kernel.trigger.EvaluationRunFailed;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.EvaluationRunRequested;
import dev.feedbackloop.kernel.trigger.EvaluationRunStarted;
import dev.feedbackloop.kernel.trigger.EvaluationRunTimedOut;
import dev.feedbackloop.kernel.trigger.FailEvaluationRun;
import dev.feedbackloop.kernel.trigger.JudgeEvaluationRun;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.kernel.trigger.StartEvaluationRun;
import dev.feedbackloop.kernel.trigger.Verdict;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

class EvaluationRunTest {

    static final String ID = "ev-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Duration TIMEOUT = Duration.ofHours(2);
    static final Instant DEADLINE = AT.plus(TIMEOUT);
    static final Map<String, Double> METRICS = Map.of("task_success_rate", 0.91, "error_rate", 0.01);
    private AggregateTestFixture<EvaluationRun> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EvaluationRun.class);
        fixture.registerInjectableResource(new EvaluationSettings(TIMEOUT, 0.85, 2.0));
    }

    static RequestEvaluationRun request() {
        return new RequestEvaluationRun(ID, "inc-1", "support-bot", "v8", "golden", "incident", AT);
    }

    static EvaluationRunRequested requested() {
        return new EvaluationRunRequested(ID, "inc-1", "support-bot", "v8", "golden", "incident", AT, DEADLINE);
    }

    static EvaluationRunCompleted completed(Instant at) {
        return new EvaluationRunCompleted(ID, "support-bot", "v8", "golden", METRICS, at);
    }

    @Test
    void requestingSetsTheDeadlineFromTheConfiguredTimeoutAndSchedulesIt() {
        fixture.givenCurrentTime(AT).when(request())
                .expectEvents(requested())
                .expectScheduledDeadlineWithName(TIMEOUT, EvaluationRun.TIMEOUT);
    }

    @Test
    void requestingAgainChangesNothing() {
        fixture.given(requested()).when(request()).expectSuccessfulHandlerExecution().expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRequestNamesAgentVersionAndDataset() {
        fixture.givenNoPriorActivity()
                .when(new RequestEvaluationRun(ID, null, "support-bot", " ", "golden", null, AT))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void aRunThatNeverEndsTimesOutAtItsDeadline() {
        fixture.givenCurrentTime(AT)
                .andGivenCommands(request(), new StartEvaluationRun(ID, "job-7", AT.plusSeconds(60)))
                .whenTimeElapses(TIMEOUT)
                .expectTriggeredDeadlinesWithName(EvaluationRun.TIMEOUT)
                .expectEvents(new EvaluationRunTimedOut(ID, DEADLINE));
    }

    @Test
    void completingCancelsTheDeadline() {
        fixture.givenNoPriorActivity()
                .andGivenCommands(request(), new StartEvaluationRun(ID, "job-7", AT.plusSeconds(60)))
                .when(new CompleteEvaluationRun(ID, METRICS, AT.plusSeconds(600)))
                .expectEvents(completed(AT.plusSeconds(600)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void failingCancelsTheDeadline() {
        fixture.givenNoPriorActivity().andGivenCommands(request())
                .when(new FailEvaluationRun(ID, "runner lost", AT.plusSeconds(600)))
                .expectEvents(new EvaluationRunFailed(ID, "runner lost", AT.plusSeconds(600)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCompletedRunDoesNotTimeOut() {
        fixture.givenCurrentTime(AT)
                .andGivenCommands(request(), new CompleteEvaluationRun(ID, METRICS, AT.plusSeconds(600)))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void metricsMustBeFiniteAndRatesWithinZeroAndOne() {
        fixture.given(requested()).when(new CompleteEvaluationRun(ID, Map.of("error_rate", 1.5), AT))
                .expectException(BusinessRuleViolation.class);
        fixture.given(requested()).when(new CompleteEvaluationRun(ID, Map.of("latency_ms", Double.NaN), AT))
                .expectException(BusinessRuleViolation.class);
        fixture.given(requested()).when(new CompleteEvaluationRun(ID, Map.of("a.b", 1.0), AT))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void aRunEndsOnce() {
        fixture.given(requested(), new EvaluationRunFailed(ID, "lost", AT))
                .when(new CompleteEvaluationRun(ID, METRICS, AT)).expectException(WrongState.class);
        fixture.given(requested(), new EvaluationRunTimedOut(ID, DEADLINE))
                .when(new StartEvaluationRun(ID, null, AT)).expectException(WrongState.class);
        fixture.given(requested(), new EvaluationRunStarted(ID, null, AT))
                .when(new StartEvaluationRun(ID, null, AT)).expectException(WrongState.class);
    }

    @Test
    void aCompletedRunIsJudgedOnce() {
        JudgeEvaluationRun judge = new JudgeEvaluationRun(ID, Verdict.PASSED, "ev-0", List.of(), AT);
        EvaluationRunJudged judged = new EvaluationRunJudged(ID, "support-bot", "v8", Verdict.PASSED, "ev-0",
                List.of(), AT);
        fixture.given(requested(), completed(AT)).when(judge).expectEvents(judged);
        fixture.given(requested(), completed(AT), judged)
                .when(new JudgeEvaluationRun(ID, Verdict.REGRESSED, null, List.of("x"), AT))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(requested()).when(judge).expectException(WrongState.class);
    }

    @Test
    void anUnknownRunIsNotFound() {
        fixture.givenNoPriorActivity().when(new StartEvaluationRun(ID, null, AT))
                .expectException(AggregateNotFoundException.class);
    }
}
