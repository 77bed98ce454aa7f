package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.common.Streams;
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
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static dev.feedbackloop.support.aggregate.WrongState.blank;
import static dev.feedbackloop.support.aggregate.WrongState.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One evaluation run: requested, started, then completed or failed; a run still requested or started at its
 * deadline times out (a persistent deadline, cancelled when it completes or fails). A completed run is judged once:
 * a second verdict is ignored, so a verdict handler that sees the completion again changes nothing.
 */
@Aggregate
public class EvaluationRun {

    public static final String TIMEOUT = "evaluation-run-timeout";

    @AggregateIdentifier
    private String stream;
    private String runId;
    private String agentId;
    private String agentVersion;
    private String dataset;
    private Instant deadline;
    private State state;
    private boolean judged;

    enum State { REQUESTED, STARTED, COMPLETED, FAILED, TIMED_OUT }

    protected EvaluationRun() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestEvaluationRun command, DeadlineManager deadlines, EvaluationSettings settings) {
        if (state != null) {
            return;
        }
        require(!blank(command.runId()), "run_id is required");
        require(!blank(command.agentId()), "agent_id is required");
        require(!blank(command.agentVersion()), "agent_version is required");
        require(!blank(command.dataset()), "dataset is required");
        require(command.requestedAt() != null, "requested_at is required");
        Instant deadline = command.requestedAt().plus(settings.timeout());
        apply(new EvaluationRunRequested(command.runId(), command.incidentId(), command.agentId(),
                command.agentVersion(), command.dataset(), command.reason(), command.requestedAt(), deadline));
        deadlines.schedule(deadline, TIMEOUT);
    }

    @CommandHandler
    public void handle(StartEvaluationRun command) {
        require(command.at() != null, "at is required");
        expect(state == State.REQUESTED, "started", "a requested run");
        apply(new EvaluationRunStarted(runId, command.externalId(), command.at()));
    }

    @CommandHandler
    public void handle(CompleteEvaluationRun command, DeadlineManager deadlines) {
        require(command.at() != null, "at is required");
        Metrics.requireValid(command.metrics());
        expect(state == State.STARTED || state == State.REQUESTED, "completed", "a requested or started run");
        apply(new EvaluationRunCompleted(runId, agentId, agentVersion, dataset, new TreeMap<>(command.metrics()),
                command.at()));
        deadlines.cancelAllWithinScope(TIMEOUT);
    }

    @CommandHandler
    public void handle(FailEvaluationRun command, DeadlineManager deadlines) {
        require(!blank(command.reason()), "reason is required");
        require(command.at() != null, "at is required");
        expect(state == State.STARTED || state == State.REQUESTED, "failed", "a requested or started run");
        apply(new EvaluationRunFailed(runId, command.reason(), command.at()));
        deadlines.cancelAllWithinScope(TIMEOUT);
    }

    @CommandHandler
    public void handle(JudgeEvaluationRun command) {
        require(command.verdict() != null, "verdict is required");
        require(command.at() != null, "at is required");
        expect(state == State.COMPLETED, "judged", "a completed run");
        if (judged) {
            return;
        }
        apply(new EvaluationRunJudged(runId, agentId, agentVersion, command.verdict(), command.baselineRunId(),
                command.reasons() == null ? List.of() : List.copyOf(command.reasons()), command.at()));
    }

    @DeadlineHandler(deadlineName = TIMEOUT)
    void timeOut() {
        if (state == State.REQUESTED || state == State.STARTED) {
            apply(new EvaluationRunTimedOut(runId, deadline));
        }
    }

    private void expect(boolean allowed, String step, String which) {
        if (!allowed) {
            throw new WrongState("evaluation run '" + runId + "' is " + state.name().toLowerCase()
                    + "; only " + which + " can be " + step);
        }
    }

    @EventSourcingHandler
    void on(EvaluationRunRequested event) {
        this.stream = Streams.evaluationRun(event.runId());
        this.runId = event.runId();
        this.agentId = event.agentId();
        this.agentVersion = event.agentVersion();
        this.dataset = event.dataset();
        this.deadline = event.deadline();
        this.state = State.REQUESTED;
    }

    @EventSourcingHandler
    void on(EvaluationRunStarted event) {
        this.state = State.STARTED;
    }

    @EventSourcingHandler
    void on(EvaluationRunCompleted event) {
        this.state = State.COMPLETED;
    }

    @EventSourcingHandler
    void on(EvaluationRunFailed event) {
        this.state = State.FAILED;
    }

    @EventSourcingHandler
    void on(EvaluationRunTimedOut event) {
        this.state = State.TIMED_OUT;
    }

    @EventSourcingHandler
    void on(EvaluationRunJudged event) {
        this.judged = true;
    }
}
