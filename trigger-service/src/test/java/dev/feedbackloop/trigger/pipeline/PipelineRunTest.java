package dev.feedbackloop.trigger.pipeline;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.CompletePipelineRun;
import dev.feedbackloop.kernel.trigger.FailPipelineRun;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.PipelineRunFailed;
import dev.feedbackloop.kernel.trigger.PipelineRunRequested;
import dev.feedbackloop.kernel.trigger.PipelineRunStarted;
import dev.feedbackloop.kernel.trigger.RequestPipelineRun;
import dev.feedbackloop.kernel.trigger.StartPipelineRun;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

class PipelineRunTest {

    static final String ID = "pr-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<PipelineRun> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PipelineRun.class);
    }

    static PipelineRunRequested requested() {
        return new PipelineRunRequested(ID, "inc-1", "support-bot", "retrain", Map.of("dataset", "golden"), "drift", AT);
    }

    @Test
    void requestingRecordsThePipelineAndItsParameters() {
        fixture.givenNoPriorActivity()
                .when(new RequestPipelineRun(ID, "inc-1", "support-bot", "retrain", Map.of("dataset", "golden"), "drift", AT))
                .expectEvents(requested());
    }

    @Test
    void requestingAgainChangesNothing() {
        fixture.given(requested())
                .when(new RequestPipelineRun(ID, "inc-2", "other", "other", Map.of(), "again", LATER))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void parameterKeysMustSuitTheReadModel() {
        fixture.givenNoPriorActivity()
                .when(new RequestPipelineRun(ID, null, null, "retrain", Map.of("a.b", "x"), null, AT))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void aRunStartsThenCompletes() {
        fixture.given(requested()).when(new StartPipelineRun(ID, "gh-42", LATER))
                .expectEvents(new PipelineRunStarted(ID, "gh-42", LATER));
        fixture.given(requested(), new PipelineRunStarted(ID, "gh-42", LATER))
                .when(new CompletePipelineRun(ID, Map.of("model", "v8"), LATER))
                .expectEvents(new PipelineRunCompleted(ID, "retrain", Map.of("model", "v8"), LATER));
    }

    @Test
    void aRunMayCompleteOrFailStraightFromRequested() {
        fixture.given(requested()).when(new CompletePipelineRun(ID, null, LATER))
                .expectEvents(new PipelineRunCompleted(ID, "retrain", Map.of(), LATER));
        fixture.given(requested()).when(new FailPipelineRun(ID, "no runner", LATER))
                .expectEvents(new PipelineRunFailed(ID, "no runner", LATER));
    }

    @Test
    void anEndedRunStaysEnded() {
        fixture.given(requested(), new PipelineRunFailed(ID, "no runner", LATER))
                .when(new CompletePipelineRun(ID, Map.of(), LATER)).expectException(WrongState.class);
        fixture.given(requested(), new PipelineRunCompleted(ID, "retrain", Map.of(), LATER))
                .when(new StartPipelineRun(ID, null, LATER)).expectException(WrongState.class);
        fixture.given(requested(), new PipelineRunStarted(ID, null, LATER))
                .when(new StartPipelineRun(ID, null, LATER)).expectException(WrongState.class);
    }

    @Test
    void anUnknownRunIsNotFound() {
        fixture.givenNoPriorActivity().when(new StartPipelineRun(ID, null, LATER))
                .expectException(AggregateNotFoundException.class);
    }
}
