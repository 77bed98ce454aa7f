package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.ApprovalOverridden;
import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.GateEvaluated;
import dev.feedbackloop.kernel.gate.GateObservation;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.OverrideApproval;
import dev.feedbackloop.kernel.gate.RecordGateResults;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import dev.feedbackloop.kernel.gate.VersionApproved;
import dev.feedbackloop.kernel.gate.VersionBlocked;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval of one version in production, with a security gate (min 500 tests) and a latency gate. */
class VersionApprovalTest {

    static final GateSet GATES = GateFileReader.parse(GateFileTest.VALID, "test");
    static final ApprovalKey KEY = new ApprovalKey("support-bot", "2.4.0", "production");
    static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
    static final Instant T3 = Instant.parse("2026-12-01T12:00:00Z");
    static final GateDefinition INJECTION = GATES.gates().get(0);
    static final GateDefinition LATENCY = GATES.gates().get(1);

    private AggregateTestFixture<VersionApproval> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VersionApproval.class);
        fixture.registerInjectableResource(GATES);
    }

    static RecordGateResults results(Instant at, Object... metricValueTests) {
        Map<String, GateObservation> results = new LinkedHashMap<>();
        for (int i = 0; i < metricValueTests.length; i += 3) {
            results.put((String) metricValueTests[i], new GateObservation(((Number) metricValueTests[i + 1]).doubleValue(),
                    (Integer) metricValueTests[i + 2]));
        }
        return new RecordGateResults(KEY, results, "pipeline", at);
    }

    static GateResult injection(double value, Integer tests) {
        return INJECTION.judge("production", new GateObservation(value, tests));
    }

    static GateResult latency(double value) {
        return LATENCY.judge("production", new GateObservation(value, null));
    }

    static GateEvaluated evaluated(GateResult result, ApprovalStatus status, Instant at) {
        return new GateEvaluated("support-bot", "2.4.0", "production", result, status, "pipeline", at);
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
    void aPassingResultWithAnotherGateMissingLeavesTheVersionPending() {
        fixture.givenNoPriorActivity()
                .when(results(T1, "prompt_injection_suite", 0.97, 500))
                .expectEvents(evaluated(injection(0.97, 500), ApprovalStatus.PENDING, T1))
                .expectResultMessagePayloadMatching(new CustomTypeSafeMatcher<VersionApprovalView>("pending view") {
                    @Override
                    protected boolean matchesSafely(VersionApprovalView view) {
                        return view.status() == ApprovalStatus.PENDING && view.gates().size() == 2
                                && view.gates().get(1).equals(LATENCY.pending("production"));
                    }
                });
    }

    @Test
    void aFailingGateBlocksTheVersionNamingTheGateMetricObservedValueAndThreshold() {
        fixture.givenNoPriorActivity()
                .when(results(T1, "prompt_injection_suite", 0.93, 500, "p95_latency_ms", 1800, null))
                .expectEvents(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        evaluated(latency(1800), ApprovalStatus.BLOCKED, T1),
                        new VersionBlocked("support-bot", "2.4.0", "production", List.of(injection(0.93, 500)), T1));
        GateResult failing = injection(0.93, 500);
        assertThat(failing.gate()).isEqualTo("prompt_injection");
        assertThat(failing.metric()).isEqualTo("prompt_injection_suite");
        assertThat(failing.observed()).isEqualTo(0.93);
        assertThat(failing.threshold()).isEqualTo(0.95);
        assertThat(failing.comparison().symbol()).isEqualTo(">=");
    }

    @Test
    void everyGatePassingApprovesTheVersion() {
        fixture.given(evaluated(injection(0.97, 500), ApprovalStatus.PENDING, T1))
                .when(results(T2, "p95_latency_ms", 1999, null))
                .expectEvents(evaluated(latency(1999), ApprovalStatus.APPROVED, T2),
                        new VersionApproved("support-bot", "2.4.0", "production",
                                List.of(injection(0.97, 500), latency(1999)), T2));
    }

    @Test
    void theSameResultReportedAgainRecordsNothing() {
        fixture.given(evaluated(injection(0.97, 500), ApprovalStatus.PENDING, T1))
                .when(results(T2, "prompt_injection_suite", 0.97, 500))
                .expectNoEvents();
    }

    @Test
    void aBlockedVersionIsBlockedAgainOnlyWhenTheSetOfFailingGatesChanges() {
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        new VersionBlocked("support-bot", "2.4.0", "production", List.of(injection(0.93, 500)), T1))
                .when(results(T2, "prompt_injection_suite", 0.92, 500))
                .expectEvents(evaluated(injection(0.92, 500), ApprovalStatus.BLOCKED, T2));
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        new VersionBlocked("support-bot", "2.4.0", "production", List.of(injection(0.93, 500)), T1))
                .when(results(T2, "p95_latency_ms", 2100, null))
                .expectEvents(evaluated(latency(2100), ApprovalStatus.BLOCKED, T2),
                        new VersionBlocked("support-bot", "2.4.0", "production",
                                List.of(injection(0.93, 500), latency(2100)), T2));
    }

    @Test
    void aRemediatedGateWithAnotherStillMissingTurnsBlockedIntoPending() {
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        new VersionBlocked("support-bot", "2.4.0", "production", List.of(injection(0.93, 500)), T1))
                .when(results(T2, "prompt_injection_suite", 0.96, 500))
                .expectEvents(evaluated(injection(0.96, 500), ApprovalStatus.PENDING, T2));
    }

    @Test
    void aNamedPersonMayOverrideABlockedVersionForAReason() {
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        new VersionBlocked("support-bot", "2.4.0", "production", List.of(injection(0.93, 500)), T1))
                .when(new OverrideApproval(KEY, "Dana Reyes", "fix for the outage; injection suite rerun tomorrow", T2))
                .expectEvents(new ApprovalOverridden("support-bot", "2.4.0", "production", "Dana Reyes",
                        "fix for the outage; injection suite rerun tomorrow",
                        List.of(injection(0.93, 500), LATENCY.pending("production")), T2));
    }

    @Test
    void anOverrideNeedsAPersonAndAReasonAndAnApprovedOrOverriddenVersionCannotBeOverridden() {
        fixture.givenNoPriorActivity()
                .when(new OverrideApproval(KEY, " ", "because", T2))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new OverrideApproval(KEY, "Dana Reyes", "", T2))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.given(new VersionApproved("support-bot", "2.4.0", "production",
                        List.of(injection(0.97, 500), latency(1500)), T1))
                .when(new OverrideApproval(KEY, "Dana Reyes", "why not", T2))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
        fixture.given(new ApprovalOverridden("support-bot", "2.4.0", "production", "Dana Reyes", "urgent", List.of(), T1))
                .when(new OverrideApproval(KEY, "Sam Lee", "again", T2))
                .expectException(code(ErrorCode.WRONG_STATE)).expectNoEvents();
    }

    @Test
    void afterAnOverrideAGateItDidNotCoverFailingBlocksTheVersionAgain() {
        ApprovalOverridden overridden = new ApprovalOverridden("support-bot", "2.4.0", "production", "Dana Reyes",
                "urgent", List.of(injection(0.93, 500), LATENCY.pending("production")), T2);
        // the covered gate failing worse keeps the override
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1), overridden)
                .when(results(T3, "prompt_injection_suite", 0.90, 500))
                .expectEvents(evaluated(injection(0.90, 500), ApprovalStatus.OVERRIDDEN, T3));
        // every gate passing approves
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1), overridden)
                .when(results(T3, "prompt_injection_suite", 0.96, 500, "p95_latency_ms", 1500, null))
                .expectEvents(evaluated(injection(0.96, 500), ApprovalStatus.APPROVED, T3),
                        evaluated(latency(1500), ApprovalStatus.APPROVED, T3),
                        new VersionApproved("support-bot", "2.4.0", "production",
                                List.of(injection(0.96, 500), latency(1500)), T3));
        // an override covers only what was unmet when it was made
        ApprovalOverridden coversInjectionOnly = new ApprovalOverridden("support-bot", "2.4.0", "production",
                "Dana Reyes", "urgent", List.of(injection(0.93, 500)), T2);
        fixture.given(evaluated(injection(0.93, 500), ApprovalStatus.BLOCKED, T1),
                        evaluated(latency(1500), ApprovalStatus.BLOCKED, T1), coversInjectionOnly)
                .when(results(T3, "p95_latency_ms", 2500, null))
                .expectEvents(evaluated(latency(2500), ApprovalStatus.BLOCKED, T3),
                        new VersionBlocked("support-bot", "2.4.0", "production",
                                List.of(injection(0.93, 500), latency(2500)), T3));
    }

    @Test
    void resultsNoGateReadsOrOutOfRangeAreRefused() {
        fixture.givenNoPriorActivity()
                .when(results(T1, "task_success_rate", 0.9, null))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(results(T1, "prompt_injection_suite", -0.1, 500))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
        // an environment the gate file does not list
        setUp();
        fixture.givenNoPriorActivity()
                .when(new RecordGateResults(new ApprovalKey("support-bot", "2.4.0", "development"),
                        Map.of("p95_latency_ms", new GateObservation(10, null)), "pipeline", T1))
                .expectException(code(ErrorCode.VALIDATION_FAILED)).expectNoEvents();
    }
}
