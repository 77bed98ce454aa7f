package dev.feedbackloop.trigger.pipeline;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.CompletePipelineRun;
import dev.feedbackloop.kernel.trigger.FailPipelineRun;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.PipelineRunFailed;
import dev.feedbackloop.kernel.trigger.PipelineRunRequested;
import dev.feedbackloop.kernel.trigger.PipelineRunStarted;
import dev.feedbackloop.kernel.trigger.RequestPipelineRun;
import dev.feedbackloop.kernel.trigger.StartPipelineRun;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;
import java.util.TreeMap;

import static dev.feedbackloop.support.aggregate.WrongState.blank;
import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static dev.feedbackloop.support.aggregate.WrongState.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One run of an automated pipeline: requested, started, then completed or failed (a pipeline that reports only its
 * end may complete or fail a run straight from requested). Requesting the same id again changes nothing.
 */
@Aggregate
public class PipelineRun {

    public static final int MAX_ENTRIES = 100;
    public static final int MAX_VALUE_LENGTH = 10_000;

    @AggregateIdentifier
    private String stream;
    private String runId;
    private String pipeline;
    private State state;

    enum State { REQUESTED, STARTED, COMPLETED, FAILED }

    protected PipelineRun() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestPipelineRun command) {
        if (state != null) {
            return;
        }
        require(!blank(command.runId()), "run_id is required");
        require(!blank(command.pipeline()), "pipeline is required");
        require(command.requestedAt() != null, "requested_at is required");
        requireEntries("parameters", command.parameters());
        apply(new PipelineRunRequested(command.runId(), command.incidentId(), command.agentId(), command.pipeline(),
                command.parameters() == null ? Map.of() : new TreeMap<>(command.parameters()), command.reason(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(StartPipelineRun command) {
        require(command.at() != null, "at is required");
        expect(state == State.REQUESTED, "started", "a requested run");
        apply(new PipelineRunStarted(runId, command.externalId(), command.at()));
    }

    @CommandHandler
    public void handle(CompletePipelineRun command) {
        require(command.at() != null, "at is required");
        requireEntries("outputs", command.outputs());
        expect(state == State.REQUESTED || state == State.STARTED, "completed", "a requested or started run");
        apply(new PipelineRunCompleted(runId, pipeline,
                command.outputs() == null ? Map.of() : new TreeMap<>(command.outputs()), command.at()));
    }

    @CommandHandler
    public void handle(FailPipelineRun command) {
        require(!blank(command.reason()), "reason is required");
        require(command.at() != null, "at is required");
        expect(state == State.REQUESTED || state == State.STARTED, "failed", "a requested or started run");
        apply(new PipelineRunFailed(runId, command.reason(), command.at()));
    }

    /** Keys become field names of the read model: no empty keys, no dots, no leading $. */
    static void requireEntries(String field, Map<String, String> entries) {
        if (entries == null) {
            return;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw invalid(field + ": at most " + MAX_ENTRIES + " entries");
        }
        entries.forEach((key, value) -> {
            if (!validKey(key)) {
                throw invalid(field + ": '" + key + "' is not a valid key (1-128 characters, no '.', not starting with '$')");
            }
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw invalid(field + "." + key + " must be a string of at most " + MAX_VALUE_LENGTH + " characters");
            }
        });
    }

    public static boolean validKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= 128 && !key.contains(".") && !key.startsWith("$")
                && key.chars().noneMatch(Character::isISOControl);
    }

    private void expect(boolean allowed, String step, String which) {
        if (!allowed) {
            throw new WrongState("pipeline run '" + runId + "' is " + state.name().toLowerCase()
                    + "; only " + which + " can be " + step);
        }
    }

    @EventSourcingHandler
    void on(PipelineRunRequested event) {
        this.stream = Streams.pipelineRun(event.runId());
        this.runId = event.runId();
        this.pipeline = event.pipeline();
        this.state = State.REQUESTED;
    }

    @EventSourcingHandler
    void on(PipelineRunStarted event) {
        this.state = State.STARTED;
    }

    @EventSourcingHandler
    void on(PipelineRunCompleted event) {
        this.state = State.COMPLETED;
    }

    @EventSourcingHandler
    void on(PipelineRunFailed event) {
        this.state = State.FAILED;
    }
}
