package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.cycle.EvaluationDatasetUpdated;
import dev.feedbackloop.kernel.cycle.UpdateEvaluationDataset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** A dataset gets a new version only when its set of approved test cases changes. */
class EvaluationDatasetTest {

    static final String DS = "ds-support-bot";
    static final Instant AT = Instant.parse("2026-11-26T09:00:00Z");
    static final Instant NEXT = Instant.parse("2026-12-03T09:00:00Z");

    AggregateTestFixture<EvaluationDataset> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EvaluationDataset.class);
    }

    static UpdateEvaluationDataset update(Instant at, String... ids) {
        return new UpdateEvaluationDataset(DS, "support-bot", List.of(ids), "cy-1", at);
    }

    @Test
    void theFirstApprovedTestCasesMakeVersionOneSortedAndDistinct() {
        fixture.givenNoPriorActivity().when(update(AT, "tc-2", "tc-1", "tc-2"))
                .expectEvents(new EvaluationDatasetUpdated(DS, "support-bot", 1, List.of("tc-1", "tc-2"), "cy-1", AT));
    }

    @Test
    void theSameSetChangesNothing() {
        fixture.given(new EvaluationDatasetUpdated(DS, "support-bot", 1, List.of("tc-1", "tc-2"), "cy-1", AT))
                .when(update(NEXT, "tc-2", "tc-1")).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void anEmptySetBeforeAnyVersionChangesNothing() {
        // nothing is stored: the fixture would otherwise object that the new, event-less aggregate cannot be reloaded
        fixture.setReportIllegalStateChange(false);
        fixture.givenNoPriorActivity().when(update(AT)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void addedAndRetiredTestCasesMakeTheNextVersion() {
        fixture.given(new EvaluationDatasetUpdated(DS, "support-bot", 1, List.of("tc-1", "tc-2"), "cy-1", AT))
                .when(new UpdateEvaluationDataset(DS, "support-bot", List.of("tc-2", "tc-3"), "cy-2", NEXT))
                .expectEvents(new EvaluationDatasetUpdated(DS, "support-bot", 2, List.of("tc-2", "tc-3"), "cy-2", NEXT));
    }

    @Test
    void anotherAgentsTestCasesAndBlankIdsAreRefused() {
        fixture.given(new EvaluationDatasetUpdated(DS, "support-bot", 1, List.of("tc-1"), "cy-1", AT))
                .when(new UpdateEvaluationDataset(DS, "sales-bot", List.of("tc-9"), "cy-2", NEXT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(update(AT, "tc-1", " "))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }
}
