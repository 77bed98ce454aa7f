package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.UpdateAssessment;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
    void reusingAnAssessmentIdWithOtherContentIsRefused() {
        LogAssessment other = new LogAssessment(TRACE, AssessmentId.of("a-1"), "correctness", false,
                new AssessmentSource(AssessmentSourceType.HUMAN, "reviewer-1"), "checked", Map.of(), null, AT);
        fixture.given(logged("a-1", null)).when(other)
                .expectException(BusinessRuleViolation.class)
                .expectException(code(ErrorCode.ASSESSMENT_ID_CONFLICT))
                .expectNoEvents();
    }

    @Test
    void aRetriedLogStoresNothingAndAnswersWithTheFirstAssessment() {
        // the retry is sent later, and its number arrives as an Integer where the stored one reads back as a Long
        LogAssessment first = new LogAssessment(TRACE, AssessmentId.of("a-1"), "rating", 4L,
                new AssessmentSource(AssessmentSourceType.HUMAN, "u-1"), null, Map.of("n", 1L), null, AT);
        LogAssessment retry = new LogAssessment(TRACE, AssessmentId.of("a-1"), "rating", 4,
                new AssessmentSource(AssessmentSourceType.HUMAN, "u-1"), null, Map.of("n", 1), null,
                AT.plusSeconds(30));
        fixture.given(AssessmentLogged.from(first)).when(retry)
                .expectNoEvents()
                .expectResultMessagePayloadMatching(view("created at the first time, value 4",
                        v -> v.createTime().equals(AT) && v.value().equals(4L)));
    }

    static Matcher<Object> view(String description, Predicate<AssessmentView> test) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof AssessmentView v && test.test(v);
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("an assessment: " + description);
            }
        };
    }

    static Matcher<Object> code(ErrorCode code) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof BusinessRuleViolation v && v.code() == code;
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("a business rule violation " + code);
            }
        };
    }

    static UpdateAssessment update(String id, Set<AssessmentField> fields, String name, Object value, String rationale) {
        return new UpdateAssessment(TRACE, AssessmentId.of(id), fields, name, value, null, null, rationale, null,
                AT.plusSeconds(120), null);
    }

    @Test
    void anUpdateChangesOnlyTheFieldsItNamesAndAnswersWithTheResult() {
        UpdateAssessment command = update("a-1", Set.of(AssessmentField.RATIONALE), "ignored", "ignored", "rechecked");
        fixture.given(logged("a-1", null)).when(command)
                .expectEvents(AssessmentUpdated.from(command))
                .expectResultMessagePayloadMatching(view("only the rationale changed",
                        v -> v.assessmentName().equals("correctness") && v.value().equals(true)
                                && v.rationale().equals("rechecked") && v.createTime().equals(AT)
                                && v.lastUpdateTime().equals(AT.plusSeconds(120))));
    }

    @Test
    void aFeedbacksValueCannotBeReplacedByAnExpectation() {
        UpdateAssessment command = new UpdateAssessment(TRACE, AssessmentId.of("a-1"), Set.of(AssessmentField.VALUE),
                null, "the refund policy", null, null, null, null, AT.plusSeconds(120), AssessmentKind.EXPECTATION);
        fixture.given(logged("a-1", null)).when(command)
                .expectException(hasProperty("message", org.hamcrest.Matchers.containsString("is a feedback")))
                .expectNoEvents();
    }

    @Test
    void updatingADeletedAssessmentIsRefused() {
        fixture.given(logged("a-1", null), new AssessmentDeleted(TRACE, AssessmentId.of("a-1"), null, AT))
                .when(update("a-1", Set.of(AssessmentField.VALUE), null, false, null))
                .expectException(code(ErrorCode.ASSESSMENT_ALREADY_DELETED))
                .expectNoEvents();
    }

    @Test
    void updatingAnUnknownAssessmentIsRefused() {
        fixture.given(logged("a-1", null)).when(update("a-7", Set.of(AssessmentField.VALUE), null, false, null))
                .expectException(code(ErrorCode.NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void anUpdateThatNamesNoFieldOrBlanksTheNameIsRefused() {
        fixture.given(logged("a-1", null)).when(update("a-1", Set.of(), null, null, null))
                .expectException(code(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
        fixture.given(logged("a-1", null)).when(update("a-1", Set.of(AssessmentField.NAME), " ", null, null))
                .expectException(hasProperty("message", org.hamcrest.Matchers.containsString("assessment_name")))
                .expectNoEvents();
    }

    @Test
    void aRetryAfterAnUpdateStillAnswersWithoutStoringAndShowsTheUpdate() {
        UpdateAssessment command = update("a-1", Set.of(AssessmentField.VALUE), null, false, null);
        fixture.given(logged("a-1", null), AssessmentUpdated.from(command)).when(log("a-1", null))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(view("the updated value", v -> v.value().equals(false)));
    }
}
