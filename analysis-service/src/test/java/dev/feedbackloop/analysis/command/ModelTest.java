package dev.feedbackloop.analysis.command;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ModelVersionReleased;
import dev.feedbackloop.kernel.analysis.ModelVersionView;
import dev.feedbackloop.kernel.analysis.ReleaseModelVersion;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.containsString;

class ModelTest {

    static final ModelId MODEL = ModelId.of("support-bot");
    static final Instant RELEASED = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant RECORDED = Instant.parse("2026-11-28T09:15:00Z");
    private AggregateTestFixture<Model> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
    }

    static ReleaseModelVersion release(String version, Instant releasedAt, String notes, Instant recordedAt) {
        return new ReleaseModelVersion(MODEL, version, releasedAt, notes, recordedAt);
    }

    static ReleaseModelVersion release(String version) {
        return release(version, RELEASED, "notes of " + version, RECORDED);
    }

    static ModelVersionReleased released(String version) {
        return ModelVersionReleased.from(release(version));
    }

    static Matcher<BusinessRuleViolation> code(ErrorCode expected) {
        return new CustomTypeSafeMatcher<>("a violation with code " + expected) {
            @Override
            protected boolean matchesSafely(BusinessRuleViolation violation) {
                return violation.code() == expected;
            }
        };
    }

    @Test
    void theFirstReleaseCreatesTheModelAndIsRecorded() {
        fixture.givenNoPriorActivity().when(release("2.4.0"))
                .expectEvents(released("2.4.0"))
                .expectResultMessagePayload(ReleaseOutcome.recorded(ModelVersionView.of(released("2.4.0"))));
    }

    @Test
    void aFurtherVersionIsRecordedBesideTheEarlierOnes() {
        fixture.given(released("2.3.1")).when(release("2.4.0"))
                .expectEvents(released("2.4.0"))
                .expectResultMessagePayload(ReleaseOutcome.recorded(ModelVersionView.of(released("2.4.0"))));
    }

    @Test
    void theSameReleaseAnnouncedAgainIsAnsweredWithTheFirstRecordAndStoresNothing() {
        fixture.given(released("2.3.1"), released("2.4.0"))
                .when(release("2.4.0", RELEASED, "notes of 2.4.0", RECORDED.plus(Duration.ofHours(2))))
                .expectNoEvents()
                .expectResultMessagePayload(ReleaseOutcome.alreadyRecorded(ModelVersionView.of(released("2.4.0"))));
    }

    @Test
    void theSameVersionWithOtherNotesIsAConflict() {
        fixture.given(released("2.4.0"))
                .when(release("2.4.0", RELEASED, "other notes", RECORDED))
                .expectException(code(ErrorCode.MODEL_VERSION_CONFLICT))
                .expectExceptionMessage(containsString("2.4.0"))
                .expectNoEvents();
    }

    @Test
    void theSameVersionWithAnotherReleaseTimeIsAConflict() {
        fixture.given(released("2.4.0"))
                .when(release("2.4.0", RELEASED.plusSeconds(1), "notes of 2.4.0", RECORDED))
                .expectException(code(ErrorCode.MODEL_VERSION_CONFLICT))
                .expectNoEvents();
    }

    @Test
    void aReleaseUpToFiveMinutesAheadOfTheRecordingClockIsAccepted() {
        ReleaseModelVersion command = release("2.5.0", RECORDED.plus(Duration.ofMinutes(5)), null, RECORDED);
        fixture.givenNoPriorActivity().when(command)
                .expectEvents(ModelVersionReleased.from(command));
    }

    static Stream<Arguments> invalidReleases() {
        return Stream.of(
                Arguments.of("blank version", release(" ", RELEASED, null, RECORDED), "version"),
                Arguments.of("missing version", release(null, RELEASED, null, RECORDED), "version"),
                Arguments.of("version with a slash", release("2.4/0", RELEASED, null, RECORDED), "version"),
                Arguments.of("version with a space", release("2.4.0 beta", RELEASED, null, RECORDED), "version"),
                Arguments.of("version of 129 characters", release("9".repeat(129), RELEASED, null, RECORDED), "version"),
                Arguments.of("missing release time", release("2.4.0", null, null, RECORDED), "released_at"),
                Arguments.of("release more than five minutes ahead",
                        release("2.4.0", RECORDED.plus(Duration.ofMinutes(5)).plusSeconds(1), null, RECORDED), "released_at"),
                Arguments.of("notes over 10,000 characters", release("2.4.0", RELEASED, "n".repeat(10_001), RECORDED), "notes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidReleases")
    void anInvalidReleaseIsRefusedNamingTheFieldAndNothingIsStored(String why, ReleaseModelVersion command, String field) {
        fixture.given(released("2.3.1")).when(command)
                .expectException(code(ErrorCode.VALIDATION_FAILED))
                .expectExceptionMessage(containsString(field))
                .expectNoEvents();
    }
}
