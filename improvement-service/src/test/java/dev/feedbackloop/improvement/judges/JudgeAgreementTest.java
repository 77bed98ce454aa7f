package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.cycle.JudgeAgreementMeasured;
import dev.feedbackloop.kernel.cycle.RecordJudgeAgreement;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class JudgeAgreementTest {

    static final String NAME = "correctness";
    static final Instant W45_END = Instant.parse("2026-11-09T00:00:00Z");
    static final Instant W46_END = Instant.parse("2026-11-16T00:00:00Z");
    private AggregateTestFixture<JudgeAgreement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(JudgeAgreement.class);
    }

    @Test
    void theFirstWeekIsMeasured() {
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.8, 40, null, false, W45_END))
                .expectEvents(new JudgeAgreementMeasured(NAME, "2026-W45", 0.8, 40, W45_END));
    }

    @Test
    void aWeekWithTooFewPairsIsMeasuredWithoutAKappa() {
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", null, 12, null, false, W45_END))
                .expectEvents(new JudgeAgreementMeasured(NAME, "2026-W45", null, 12, W45_END));
    }

    @Test
    void aSignificantDropIsMeasuredAndRecordedAsADrop() {
        fixture.given(new JudgeAgreementMeasured(NAME, "2026-W45", 0.8, 40, W45_END))
                .when(new RecordJudgeAgreement(NAME, "2026-W46", 0.3, 40, 0.8, true, W46_END))
                .expectEvents(new JudgeAgreementMeasured(NAME, "2026-W46", 0.3, 40, W46_END),
                        new JudgeAgreementDropped(NAME, "2026-W46", 0.3, 0.8, W46_END));
    }

    @Test
    void aWeekAtOrBeforeTheLastRecordedChangesNothing() {
        fixture.given(new JudgeAgreementMeasured(NAME, "2026-W46", 0.8, 40, W46_END))
                .when(new RecordJudgeAgreement(NAME, "2026-W46", 0.2, 40, 0.8, true, W46_END))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(new JudgeAgreementMeasured(NAME, "2026-W46", 0.8, 40, W46_END))
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.2, 40, null, false, W45_END))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aDropNeedsAPreviousKappaAboveTheNewOne() {
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.3, 40, null, true, W45_END))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.9, 40, 0.8, true, W45_END))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void malformedRecordsAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-45", 0.3, 40, null, false, W45_END))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 1.3, 40, null, false, W45_END))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.3, -1, null, false, W45_END))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RecordJudgeAgreement(NAME, "2026-W45", 0.3, 40, null, false, null))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }
}
