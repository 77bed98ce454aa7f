package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.ApproveTestCase;
import dev.feedbackloop.kernel.trigger.CreateTestCase;
import dev.feedbackloop.kernel.trigger.RejectTestCase;
import dev.feedbackloop.kernel.trigger.RetireTestCase;
import dev.feedbackloop.kernel.trigger.TestCaseApproved;
import dev.feedbackloop.kernel.trigger.TestCaseCreated;
import dev.feedbackloop.kernel.trigger.TestCaseRejected;
import dev.feedbackloop.kernel.trigger.TestCaseRetired;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static dev.feedbackloop.support.aggregate.WrongState.blank;
import static dev.feedbackloop.support.aggregate.WrongState.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A test case proposed from a failure's exemplar: proposed, then approved or rejected; an approved one may be
 * retired. Creating the same id again changes nothing; every other step taken twice or out of order is refused.
 */
@Aggregate
public class TestCase {

    public static final int MAX_TEXT = 100_000;

    @AggregateIdentifier
    private String stream;
    private String testCaseId;
    private String agentId;
    private State state;

    enum State { PROPOSED, APPROVED, REJECTED, RETIRED }

    protected TestCase() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateTestCase command) {
        if (state != null) {
            return;
        }
        require(!blank(command.testCaseId()), "test_case_id is required");
        require(!blank(command.agentId()), "agent_id is required");
        require(!blank(command.input()), "input is required");
        require(command.input().length() <= MAX_TEXT, "input must be at most " + MAX_TEXT + " characters");
        require(command.observed() == null || command.observed().length() <= MAX_TEXT,
                "observed must be at most " + MAX_TEXT + " characters");
        require(command.expected() == null || command.expected().length() <= MAX_TEXT,
                "expected must be at most " + MAX_TEXT + " characters");
        require(command.createdAt() != null, "created_at is required");
        apply(new TestCaseCreated(command.testCaseId(), command.incidentId(), command.agentId(), command.clusterId(),
                command.feedbackId(), command.traceId(), command.intentCategory(), command.input(),
                command.observed(), command.expected(), command.createdAt()));
    }

    @CommandHandler
    public void handle(ApproveTestCase command) {
        require(command.at() != null, "at is required");
        require(command.expected() == null || command.expected().length() <= MAX_TEXT,
                "expected must be at most " + MAX_TEXT + " characters");
        expect(State.PROPOSED, "approved");
        apply(new TestCaseApproved(testCaseId, agentId, command.expected(), command.by(), command.at()));
    }

    @CommandHandler
    public void handle(RejectTestCase command) {
        require(!blank(command.reason()), "reason is required");
        require(command.at() != null, "at is required");
        expect(State.PROPOSED, "rejected");
        apply(new TestCaseRejected(testCaseId, command.reason(), command.by(), command.at()));
    }

    @CommandHandler
    public void handle(RetireTestCase command) {
        require(command.at() != null, "at is required");
        expect(State.APPROVED, "retired");
        apply(new TestCaseRetired(testCaseId, command.reason(), command.by(), command.at()));
    }

    private void expect(State required, String step) {
        if (state != required) {
            throw new WrongState("test case '" + testCaseId + "' is " + state.name().toLowerCase()
                    + "; only a " + required.name().toLowerCase() + " test case can be " + step);
        }
    }

    @EventSourcingHandler
    void on(TestCaseCreated event) {
        this.stream = Streams.testCase(event.testCaseId());
        this.testCaseId = event.testCaseId();
        this.agentId = event.agentId();
        this.state = State.PROPOSED;
    }

    @EventSourcingHandler
    void on(TestCaseApproved event) {
        this.state = State.APPROVED;
    }

    @EventSourcingHandler
    void on(TestCaseRejected event) {
        this.state = State.REJECTED;
    }

    @EventSourcingHandler
    void on(TestCaseRetired event) {
        this.state = State.RETIRED;
    }
}
