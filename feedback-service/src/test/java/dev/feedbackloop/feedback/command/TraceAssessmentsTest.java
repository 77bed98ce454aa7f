package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.hasProperty;

class TraceAssessmentsTest {

    static final TraceId TRACE = TraceId.of("tr-1");
    static final Instant AT = Instant.parse("2026-11-28T09:15:00Z");
    private AggregateTestFixture<TraceAssessments> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TraceAssessments.class);
    }

    static LogAssessment log(String id, String overrides) {
        return new LogAssessment(TRACE, AssessmentId.of(id), "correctness", true,
                new AssessmentSource(AssessmentSourceType.HUMAN, "reviewer-1"), "checked", Map.of(),
                overrides == null ? null : AssessmentId.of(overrides), AT);
    }

    static AssessmentLogged logged(String id, String overrides) {
        return AssessmentLogged.from(log(id, overrides));
    }

    static DeleteAssessment delete(String id) {
        return new DeleteAssessment(TRACE, AssessmentId.of(id), AT.plusSeconds(60));
    }

    @Test
    void theFirstAssessmentOfATraceIsLogged() {
        fixture.givenNoPriorActivity().when(log("a-1", null)).expectEvents(logged("a-1", null));
    }

    @Test
    void aValidAssessmentCanBeOverridden() {
        fixture.given(logged("a-1", null)).when(log("a-2", "a-1")).expectEvents(logged("a-2", "a-1"));
    }

    @Test
    void overridingAnUnknownAssessmentIsRefused() {
        fixture.given(logged("a-1", null)).when(log("a-2", "a-9"))
                .expectException(BusinessRuleViolation.class)
                .expectException(hasProperty("message", org.hamcrest.Matchers.containsString("a-9")))
                .expectNoEvents();
    }

    @Test
    void overridingAnAlreadyOverriddenAssessmentIsRefused() {
        fixture.given(logged("a-1", null), logged("a-2", "a-1")).when(log("a-3", "a-1"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void overridingADeletedAssessmentIsRefused() {
        fixture.given(logged("a-1", null), new AssessmentDeleted(TRACE, AssessmentId.of("a-1"), null, AT))
                .when(log("a-2", "a-1"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void deletingAnOverrideRestoresTheAssessmentItReplaced() {
        fixture.given(logged("a-1", null), logged("a-2", "a-1"))
                .when(delete("a-2"))
                .expectEvents(new AssessmentDeleted(TRACE, AssessmentId.of("a-2"), AssessmentId.of("a-1"), AT.plusSeconds(60)));
    }

    @Test
    void afterItsOverrideIsDeletedAnAssessmentCanBeOverriddenAgain() {
        fixture.given(logged("a-1", null), logged("a-2", "a-1"),
                        new AssessmentDeleted(TRACE, AssessmentId.of("a-2"), AssessmentId.of("a-1"), AT))
                .when(log("a-3", "a-1"))
                .expectEvents(logged("a-3", "a-1"));
    }

    @Test
    void deletingAPlainAssessmentRestoresNothing() {
        fixture.given(logged("a-1", null)).when(delete("a-1"))
                .expectEvents(new AssessmentDeleted(TRACE, AssessmentId.of("a-1"), null, AT.plusSeconds(60)));
    }

    @Test
    void deletingTwiceIsRefused() {
        fixture.given(logged("a-1", null), new AssessmentDeleted(TRACE, AssessmentId.of("a-1"), null, AT))
                .when(delete("a-1"))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already deleted"))
                .expectNoEvents();
    }

    @Test
    void deletingAnUnknownAssessmentIsRefused() {
        fixture.given(logged("a-1", null)).when(delete("a-7"))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void reusingAnAssessmentIdIsRefused() {
        fixture.given(logged("a-1", null)).when(log("a-1", null))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }
}
