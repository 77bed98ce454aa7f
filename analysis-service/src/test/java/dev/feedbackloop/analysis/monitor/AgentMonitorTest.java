package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.PinDriftBaseline;
import dev.feedbackloop.kernel.analysis.PsiRule;
import dev.feedbackloop.kernel.analysis.RecordClusterSize;
import dev.feedbackloop.kernel.analysis.RecordConditions;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import dev.feedbackloop.kernel.analysis.RecordModelRelease;
import dev.feedbackloop.kernel.analysis.RecordReleaseDecision;
import dev.feedbackloop.kernel.analysis.ReleaseDriftBaseline;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.rules.Threshold;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class AgentMonitorTest {

    static final String AGENT = "support-bot";
    static final Instant H0 = Instant.parse("2026-11-20T10:00:00Z");
    static final PsiRule DRIFT_RULE = new PsiRule("drift_detection", 0.25, "> 0.25");

    AggregateTestFixture<AgentMonitor> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AgentMonitor.class);
    }

    static Instant hour(int n) {
        return H0.plus(Duration.ofHours(n));
    }

    static RecordEvaluation evaluation(int hour, List<FeatureDrift> drift, List<ConditionState> conditions) {
        Instant at = hour(hour);
        return new RecordEvaluation(AGENT, at, at.minus(Duration.ofHours(24)), at.minus(Duration.ofDays(8)),
                at.minus(Duration.ofHours(24)), drift, List.of(DRIFT_RULE), conditions);
    }

    static DriftMeasured measured(int hour, List<FeatureDrift> drift) {
        Instant at = hour(hour);
        return new DriftMeasured(AGENT, at, at.minus(Duration.ofHours(24)), at.minus(Duration.ofDays(8)),
                at.minus(Duration.ofHours(24)), drift);
    }

    static FeatureDrift intents(Double psi) {
        return new FeatureDrift("intent_category", psi, psi == null ? "insufficient_data" : "x", 1000, 300);
    }

    static Map<String, String> featureScope() {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", AGENT);
        scope.put("feature", "intent_category");
        return scope;
    }

    static ConditionState success(Boolean met, double value) {
        return new ConditionState("performance_degradation", "task_success_rate", Map.of("agent_id", AGENT), met, value,
                null, "< 0.8", met == Boolean.TRUE ? hour(-23) : null, null, null);
    }

    static Instant minute(int n) {
        return H0.plus(Duration.ofMinutes(n));
    }

    /** A state of the critical error-rate alert at minute {@code n}. */
    static ConditionState errors(int n, Boolean met, double value) {
        return new ConditionState("high_error_rate", "error_rate", Map.of("agent_id", AGENT), met, value, null, "> 0.05",
                met == Boolean.TRUE ? minute(n - 4) : null, minute(n), "critical");
    }

    @Test
    void aSignificantPsiDetectsDriftAndMeetsThePsiRuleOnce() {
        fixture.givenNoPriorActivity()
                .when(evaluation(1, List.of(intents(0.31)), List.of()))
                .expectEvents(measured(1, List.of(intents(0.31))),
                        new DriftDetected(AGENT, "intent_category", 0.31, hour(1)),
                        new TriggerConditionMet(AGENT, "drift_detection", "input_distribution_psi", featureScope(), 0.31,
                                null, "> 0.25", hour(1), hour(1)));
    }

    @Test
    void aDriftBetweenTheModerateAndSignificantLevelsNeitherResolvesNorDetectsAgain() {
        fixture.given(measured(1, List.of(intents(0.31))), new DriftDetected(AGENT, "intent_category", 0.31, hour(1)),
                        new TriggerConditionMet(AGENT, "drift_detection", "input_distribution_psi", featureScope(), 0.31,
                                null, "> 0.25", hour(1), hour(1)))
                .when(evaluation(2, List.of(intents(0.18)), List.of()))
                .expectEvents(measured(2, List.of(intents(0.18))));
    }

    @Test
    void aDriftIsResolvedOnceItsPsiFallsBelowTheModerateLevel() {
        fixture.given(measured(1, List.of(intents(0.31))), new DriftDetected(AGENT, "intent_category", 0.31, hour(1)),
                        new TriggerConditionMet(AGENT, "drift_detection", "input_distribution_psi", featureScope(), 0.31,
                                null, "> 0.25", hour(1), hour(1)))
                .when(evaluation(2, List.of(intents(0.08)), List.of()))
                .expectEvents(measured(2, List.of(intents(0.08))),
                        new DriftResolved(AGENT, "intent_category", 0.08, hour(2)),
                        new TriggerConditionCleared(AGENT, "drift_detection", "input_distribution_psi", featureScope(),
                                0.08, hour(2)));
    }

    @Test
    void tooFewSamplesGiveNoVerdictAndChangeNoState() {
        fixture.given(measured(1, List.of(intents(0.31))), new DriftDetected(AGENT, "intent_category", 0.31, hour(1)))
                .when(evaluation(2, List.of(intents(null)), List.of()))
                .expectEvents(measured(2, List.of(intents(null))));
    }

    @Test
    void anHourAlreadyEvaluatedIsIgnoredSoReRunsRecordNothing() {
        fixture.given(measured(5, List.of(intents(0.05))))
                .when(evaluation(5, List.of(intents(0.4)), List.of(success(true, 0.6))))
                .expectNoEvents();
        fixture.given(measured(5, List.of(intents(0.05))))
                .when(evaluation(4, List.of(intents(0.4)), List.of(success(true, 0.6))))
                .expectNoEvents();
    }

    @Test
    void aConditionIsMetOnceAndClearedOnceWithNothingInBetween() {
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "performance_degradation", "task_success_rate",
                Map.of("agent_id", AGENT), 0.6, null, "< 0.8", hour(-23), hour(1));
        fixture.givenNoPriorActivity()
                .when(evaluation(1, List.of(), List.of(success(true, 0.6))))
                .expectEvents(measured(1, List.of()), met);
        fixture.given(measured(1, List.of()), met)
                .when(evaluation(2, List.of(), List.of(success(true, 0.55))))
                .expectEvents(measured(2, List.of()));
        fixture.given(measured(1, List.of()), met)
                .when(evaluation(3, List.of(), List.of(success(null, 0.9))))
                .expectEvents(measured(3, List.of()));
        fixture.given(measured(1, List.of()), met)
                .when(evaluation(4, List.of(), List.of(success(false, 0.9))))
                .expectEvents(measured(4, List.of()), new TriggerConditionCleared(AGENT, "performance_degradation",
                        "task_success_rate", Map.of("agent_id", AGENT), 0.9, hour(4)));
    }

    @Test
    void minuteStatesMeetAndClearAtTheirOwnEventTimesCarryingTheAlertsSeverity() {
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "high_error_rate", "error_rate",
                Map.of("agent_id", AGENT), 0.08, null, "> 0.05", minute(3), minute(7), "critical");
        TriggerConditionCleared cleared = new TriggerConditionCleared(AGENT, "high_error_rate", "error_rate",
                Map.of("agent_id", AGENT), 0.01, minute(12), "critical");
        fixture.givenNoPriorActivity()
                .when(new RecordConditions(AGENT, List.of(errors(1, false, 0.01), errors(7, true, 0.08),
                        errors(12, false, 0.01))))
                .expectEvents(met, cleared);
        // the met and cleared condition's states, sent again (a re-run), record nothing
        fixture.given(met, cleared)
                .when(new RecordConditions(AGENT, List.of(errors(7, true, 0.08), errors(12, false, 0.01))))
                .expectNoEvents();
        // nor does a state from before its last change, even one that would change it
        fixture.given(met, cleared)
                .when(new RecordConditions(AGENT, List.of(errors(10, true, 0.09))))
                .expectNoEvents();
        fixture.given(met, cleared)
                .when(new RecordConditions(AGENT, List.of(errors(20, true, 0.09))))
                .expectEvents(new TriggerConditionMet(AGENT, "high_error_rate", "error_rate", Map.of("agent_id", AGENT),
                        0.09, null, "> 0.05", minute(16), minute(20), "critical"));
    }

    @Test
    void aConditionThatNeverHeldIsNotCleared() {
        fixture.givenNoPriorActivity()
                .when(evaluation(1, List.of(), List.of(success(false, 0.95))))
                .expectEvents(measured(1, List.of()));
    }

    @Test
    void aModelReleaseMeetsEachReleaseRuleOncePerVersion() {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", AGENT);
        scope.put("agent_version", "2.4.0");
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "model_update_available", "model_version_released",
                scope, null, null, null, hour(0), hour(0));
        fixture.givenNoPriorActivity()
                .when(new RecordModelRelease(AGENT, "2.4.0", hour(0), List.of("model_update_available")))
                .expectEvents(met);
        fixture.given(met)
                .when(new RecordModelRelease(AGENT, "2.4.0", hour(0), List.of("model_update_available")))
                .expectNoEvents();
    }

    @Test
    void aCanaryRollbackMeetsItsRulesOncePerReleaseAndStage() {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", AGENT);
        scope.put("agent_version", "v2");
        scope.put("release_id", "rel-1");
        scope.put("stage_percentage", "5");
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "canary_rollback", "release_rollback_required", scope,
                0.06, 0.01, "error_rate >= 0.05", hour(1), hour(1));
        RecordReleaseDecision decision = new RecordReleaseDecision(AGENT, "release_rollback_required", "rel-1", "v2", 5,
                "error_rate >= 0.05", 0.06, 0.01, hour(1), List.of("canary_rollback"));
        fixture.givenNoPriorActivity().when(decision).expectEvents(met);
        fixture.given(met).when(decision).expectNoEvents();
        Map<String, String> later = new LinkedHashMap<>(scope);
        later.put("stage_percentage", "20");
        fixture.given(met)
                .when(new RecordReleaseDecision(AGENT, "release_rollback_required", "rel-1", "v2", 20,
                        "error_rate >= 0.05", 0.07, 0.01, hour(5), List.of("canary_rollback")))
                .expectEvents(new TriggerConditionMet(AGENT, "canary_rollback", "release_rollback_required", later,
                        0.07, 0.01, "error_rate >= 0.05", hour(5), hour(5)));
    }

    @Test
    void aBaselineIsPinnedOnlyForAPastWindowAndReleasedOnlyWhenPinned() {
        Instant now = hour(100);
        fixture.givenNoPriorActivity()
                .when(new PinDriftBaseline(AGENT, hour(0), hour(24), now))
                .expectEvents(new DriftBaselinePinned(AGENT, hour(0), hour(24), now));
        fixture.givenNoPriorActivity()
                .when(new PinDriftBaseline(AGENT, hour(24), hour(0), now))
                .expectException(BusinessRuleViolation.class);
        fixture.givenNoPriorActivity()
                .when(new PinDriftBaseline(AGENT, hour(0), hour(200), now))
                .expectException(BusinessRuleViolation.class);
        fixture.given(measured(1, List.of()))
                .when(new ReleaseDriftBaseline(AGENT, now))
                .expectException(BusinessRuleViolation.class);
    }

    static Map<String, String> clusterScope(String cluster) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", AGENT);
        scope.put("cluster_id", cluster);
        return scope;
    }

    static RecordClusterSize size(int size, boolean open, int hour) {
        return new RecordClusterSize(AGENT, "c-1", size, open, hour(hour),
                Map.of("new_failure_cluster", Threshold.parse("> 20")));
    }

    @Test
    void aClusterPassingTheThresholdMeetsTheRuleOnceAndClearsWhenItCloses() {
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "new_failure_cluster", "clustered_failures",
                clusterScope("c-1"), 21.0, null, "> 20", hour(2), hour(2));
        fixture.givenNoPriorActivity().when(size(12, true, 1)).expectNoEvents();
        fixture.givenNoPriorActivity().when(size(21, true, 2)).expectEvents(met);
        // growing further, or shrinking in its 24 hours, does not fire again
        fixture.given(met).when(size(40, true, 3)).expectNoEvents();
        fixture.given(met).when(size(5, true, 4)).expectNoEvents();
        TriggerConditionCleared cleared = new TriggerConditionCleared(AGENT, "new_failure_cluster", "clustered_failures",
                clusterScope("c-1"), 0.0, hour(9));
        fixture.given(met).when(size(0, false, 9)).expectEvents(cleared);
    }

    @Test
    void replayingAClustersOlderSizesAfterItClosedRecordsNothing() {
        TriggerConditionMet met = new TriggerConditionMet(AGENT, "new_failure_cluster", "clustered_failures",
                clusterScope("c-1"), 21.0, null, "> 20", hour(2), hour(2));
        TriggerConditionCleared cleared = new TriggerConditionCleared(AGENT, "new_failure_cluster", "clustered_failures",
                clusterScope("c-1"), 0.0, hour(9));
        fixture.given(met, cleared).when(size(21, true, 2)).expectNoEvents();
        fixture.given(met, cleared).when(size(30, true, 5)).expectNoEvents();
        // a cluster reopened later is a new incident
        fixture.given(met, cleared).when(size(25, true, 12)).expectEvents(new TriggerConditionMet(AGENT,
                "new_failure_cluster", "clustered_failures", clusterScope("c-1"), 25.0, null, "> 20", hour(12), hour(12)));
    }
}
