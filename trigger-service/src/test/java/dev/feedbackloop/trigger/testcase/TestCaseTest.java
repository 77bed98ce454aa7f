package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.ApproveTestCase;
import dev.feedbackloop.kernel.trigger.CreateTestCase;
import dev.feedbackloop.kernel.trigger.RejectTestCase;
import dev.feedbackloop.kernel.trigger.RetireTestCase;
import dev.feedbackloop.kernel.trigger.TestCaseApproved;
import dev.feedbackloop.kernel.trigger.TestCaseCreated;
import dev.feedbackloop.kernel.trigger.TestCaseRejected;
import dev.feedbackloop.kernel.trigger.TestCaseRetired;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class TestCaseTest {

    static final String ID = "tc-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<TestCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TestCase.class);
    }

    static CreateTestCase create() {
        return new CreateTestCase(ID, "inc-1", "support-bot", "cl-1", "fb-1", "tr-1", "refunds", "refund my order",
                "I cannot help", null, AT);
    }

    static TestCaseCreated created() {
        return new TestCaseCreated(ID, "inc-1", "support-bot", "cl-1", "fb-1", "tr-1", "refunds", "refund my order",
                "I cannot help", null, AT);
    }

    @Test
    void creatingProposesTheTestCase() {
        fixture.givenNoPriorActivity().when(create()).expectEvents(created());
    }

    @Test
    void creatingTheSameIdAgainChangesNothing() {
        fixture.given(created()).when(create()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void creatingNeedsAnInput() {
        fixture.givenNoPriorActivity()
                .when(new CreateTestCase(ID, null, "support-bot", null, null, null, null, " ", null, null, AT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void approvingSettlesTheExpectedBehaviour() {
        fixture.given(created())
                .when(new ApproveTestCase(ID, "offers a refund", "ops", LATER))
                .expectEvents(new TestCaseApproved(ID, "support-bot", "offers a refund", "ops", LATER));
    }

    @Test
    void rejectingNeedsAReason() {
        fixture.given(created()).when(new RejectTestCase(ID, " ", "ops", LATER))
                .expectException(BusinessRuleViolation.class);
        fixture.given(created()).when(new RejectTestCase(ID, "duplicate", "ops", LATER))
                .expectEvents(new TestCaseRejected(ID, "duplicate", "ops", LATER));
    }

    @Test
    void onlyAnApprovedTestCaseIsRetired() {
        fixture.given(created()).when(new RetireTestCase(ID, "obsolete", "ops", LATER))
                .expectException(WrongState.class);
        fixture.given(created(), new TestCaseApproved(ID, "support-bot", null, "ops", LATER))
                .when(new RetireTestCase(ID, "obsolete", "ops", LATER.plusSeconds(1)))
                .expectEvents(new TestCaseRetired(ID, "obsolete", "ops", LATER.plusSeconds(1)));
    }

    @Test
    void aDecidedTestCaseIsNotDecidedAgain() {
        fixture.given(created(), new TestCaseRejected(ID, "duplicate", "ops", LATER))
                .when(new ApproveTestCase(ID, null, "ops", LATER.plusSeconds(1)))
                .expectException(WrongState.class).expectNoEvents();
        fixture.given(created(), new TestCaseApproved(ID, "support-bot", null, "ops", LATER))
                .when(new ApproveTestCase(ID, null, "ops", LATER.plusSeconds(1)))
                .expectException(WrongState.class);
        fixture.given(created(), new TestCaseApproved(ID, "support-bot", null, "ops", LATER),
                        new TestCaseRetired(ID, null, "ops", LATER))
                .when(new RejectTestCase(ID, "late", "ops", LATER.plusSeconds(1)))
                .expectException(WrongState.class);
    }

    @Test
    void anUnknownTestCaseIsNotFound() {
        fixture.givenNoPriorActivity().when(new ApproveTestCase(ID, null, "ops", LATER))
                .expectException(AggregateNotFoundException.class);
    }
}
