package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.CanaryHeld;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.EvaluateCanary;
import dev.feedbackloop.kernel.release.EvaluateCanary.Decision;
import dev.feedbackloop.kernel.release.GateOverride;
import dev.feedbackloop.kernel.release.Measurement;
import dev.feedbackloop.kernel.release.OpenRelease;
import dev.feedbackloop.kernel.release.PromotionRecommended;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.ReleaseProgressReported;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.ReportReleaseProgress;
import dev.feedbackloop.kernel.release.ReportReleaseProgress.Action;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTest {

    static final String ID = "r1";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final CanaryConfig CONFIG = CanaryConfigs.defaults();
    static final List<Measurement> M = List.of(new Measurement("error_rate", 0.01, 0.01, 500, 5000, "rule", 0.95,
            Measurement.Verdict.PASS));

    private AggregateTestFixture<Release> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Release.class);
    }

    static ReleaseOpened opened() {
        return new ReleaseOpened(ID, "bot", "v2", "v1", CONFIG, null, null, T0);
    }

    static CanaryStageStarted stage(int pct, long minutes, Instant at) {
        return new CanaryStageStarted(ID, pct, minutes, at);
    }

    static EvaluateCanary evaluate(int pct, Decision d, String trigger, Instant at) {
        return new EvaluateCanary(ID, pct, d, trigger, M, at);
    }

    @Test
    void openingAReleaseStartsItsFirstStageAtOnePercent() {
        fixture.givenNoPriorActivity()
                .when(new OpenRelease(ID, "bot", "v2", "v1", CONFIG, null, null, T0))
                .expectEvents(opened(), stage(1, 60, T0));
    }

    @Test
    void aReleaseBlockedByAGateOpensOnlyWithAnOverrideThatIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new OpenRelease(ID, "bot", "v2", "v1", CONFIG, null, "eval_suite: 0.81 < 0.85", T0))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        GateOverride override = new GateOverride("alice", "hotfix for incident 42");
        fixture.givenNoPriorActivity()
                .when(new OpenRelease(ID, "bot", "v2", "v1", CONFIG, override, "eval_suite: 0.81 < 0.85", T0))
                .expectEvents(new ReleaseOpened(ID, "bot", "v2", "v1", CONFIG, override, "eval_suite: 0.81 < 0.85", T0),
                        stage(1, 60, T0));
    }

    @Test
    void aConfigWithDecreasingPercentagesIsRefusedNamingTheField() {
        CanaryConfig bad = new CanaryConfig(CONFIG.initialDeployment(), CONFIG.promotionCriteria(),
                CONFIG.rollbackTriggers(), List.of(new CanaryConfig.PromotionStep(20, 1.0),
                new CanaryConfig.PromotionStep(5, 1.0), new CanaryConfig.PromotionStep(100, 1.0)));
        fixture.givenNoPriorActivity()
                .when(new OpenRelease(ID, "bot", "v2", "v1", bad, null, null, T0))
                .expectException(BusinessRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("promotion_schedule[1].percentage"));
    }

    @Test
    void aPromotionIsRecommendedOnlyAfterTheStagesMinimumDuration() {
        fixture.given(opened(), stage(1, 60, T0))
                .when(evaluate(1, Decision.PROMOTE, null, T0.plus(Duration.ofMinutes(59))))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
        fixture.given(opened(), stage(1, 60, T0))
                .when(evaluate(1, Decision.PROMOTE, null, T0.plus(Duration.ofMinutes(60))))
                .expectEvents(new PromotionRecommended(ID, 1, 5, M, T0.plus(Duration.ofMinutes(60))));
    }

    @Test
    void theSameDecisionIsRecordedOnceWithinAStage() {
        Instant at = T0.plus(Duration.ofMinutes(10));
        fixture.given(opened(), stage(1, 60, T0), new CanaryHeld(ID, 1, "insufficient_data", M, at))
                .when(evaluate(1, Decision.HOLD_INSUFFICIENT_DATA, null, at.plusSeconds(60)))
                .expectNoEvents().expectResultMessagePayload(false);
    }

    @Test
    void aHeldCanaryCanBeHeldAsBorderlineNext() {
        Instant at = T0.plus(Duration.ofMinutes(10));
        fixture.given(opened(), stage(1, 60, T0), new CanaryHeld(ID, 1, "insufficient_data", M, at))
                .when(evaluate(1, Decision.HOLD_BORDERLINE, null, at.plusSeconds(60)))
                .expectEvents(new CanaryHeld(ID, 1, "borderline", M, at.plusSeconds(60)));
    }

    @Test
    void anErrorRateTriggerRequiresAnImmediateRollback() {
        Instant at = T0.plus(Duration.ofMinutes(5));
        fixture.given(opened(), stage(1, 60, T0))
                .when(evaluate(1, Decision.ROLLBACK, "error_rate >= 0.05", at))
                .expectEvents(new RollbackRequired(ID, 1, "error_rate >= 0.05", M, at));
    }

    @Test
    void aLatencyTriggerPausesTheRollout() {
        Instant at = T0.plus(Duration.ofMinutes(5));
        fixture.given(opened(), stage(1, 60, T0))
                .when(evaluate(1, Decision.PAUSE, "p99_latency_ms >= 10000", at))
                .expectEvents(new RolloutPaused(ID, 1, "p99_latency_ms >= 10000", M, at));
    }

    @Test
    void aDecisionAboutAnEarlierStageIsIgnored() {
        Instant at = T0.plus(Duration.ofHours(2));
        fixture.given(opened(), stage(1, 60, T0), stage(5, 240, at))
                .when(evaluate(1, Decision.ROLLBACK, "error_rate >= 0.05", at))
                .expectNoEvents();
    }

    @Test
    void aReportedPromotionStartsTheNextStageWithItsWait() {
        Instant at = T0.plus(Duration.ofHours(1));
        fixture.given(opened(), stage(1, 60, T0), new PromotionRecommended(ID, 1, 5, M, at))
                .when(new ReportReleaseProgress(ID, Action.PROMOTED, 5, "argo rollout step 2", at))
                .expectEvents(new ReleaseProgressReported(ID, "promoted", 5, "argo rollout step 2", at),
                        stage(5, 240, at));
    }

    @Test
    void aPromotionToAPercentageOutsideTheScheduleIsRefused() {
        fixture.given(opened(), stage(1, 60, T0))
                .when(new ReportReleaseProgress(ID, Action.PROMOTED, 7, null, T0))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void promotingAtFullTrafficCompletesTheRelease() {
        Instant at = T0.plus(Duration.ofHours(200));
        fixture.given(opened(), stage(1, 60, T0), stage(100, 72 * 60, at.minus(Duration.ofHours(72))))
                .when(evaluate(100, Decision.PROMOTE, null, at))
                .expectEvents(new ReleaseCompleted(ID, "v2", M, at));
    }

    @Test
    void aReportedRollbackEndsTheReleaseAndNothingIsDecidedAfter() {
        Instant at = T0.plus(Duration.ofMinutes(6));
        fixture.given(opened(), stage(1, 60, T0))
                .when(new ReportReleaseProgress(ID, Action.ROLLED_BACK, null, "rolled back by pipeline", at))
                .expectEvents(new ReleaseProgressReported(ID, "rolled_back", 1, "rolled back by pipeline", at),
                        new ReleaseRolledBack(ID, "v2", "rolled back by pipeline", at));
        fixture.given(opened(), stage(1, 60, T0), new ReleaseRolledBack(ID, "v2", null, at))
                .when(evaluate(1, Decision.ROLLBACK, "error_rate >= 0.05", at))
                .expectNoEvents();
    }

    @Test
    void resumingAPausedRolloutLetsTheSameDecisionBeTakenAgain() {
        Instant at = T0.plus(Duration.ofMinutes(6));
        fixture.given(opened(), stage(1, 60, T0), new RolloutPaused(ID, 1, "p99_latency_ms >= 10000", M, at),
                        new ReleaseProgressReported(ID, "paused", 1, null, at),
                        new ReleaseProgressReported(ID, "resumed", 1, null, at.plusSeconds(60)))
                .when(evaluate(1, Decision.PAUSE, "p99_latency_ms >= 10000", at.plusSeconds(120)))
                .expectEvents(new RolloutPaused(ID, 1, "p99_latency_ms >= 10000", M, at.plusSeconds(120)));
    }

    @Test
    void aRolloutPausedByTheEvaluatorRecommendsNoPromotionUntilResumed() {
        Instant paused = T0.plus(Duration.ofMinutes(30));
        Instant later = T0.plus(Duration.ofHours(3));
        fixture.given(opened(), stage(1, 60, T0), new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused))
                .when(evaluate(1, Decision.PROMOTE, null, later))
                .expectSuccessfulHandlerExecution().expectResultMessagePayload(false).expectNoEvents();
        fixture.given(opened(), stage(1, 60, T0), new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused))
                .when(evaluate(1, Decision.HOLD_INSUFFICIENT_DATA, null, later))
                .expectNoEvents();
    }

    @Test
    void aPausedRolloutStillRecordsARollback() {
        Instant paused = T0.plus(Duration.ofMinutes(30));
        Instant later = T0.plus(Duration.ofMinutes(45));
        fixture.given(opened(), stage(1, 60, T0), new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused),
                        new ReleaseProgressReported(ID, "paused", 1, null, paused))
                .when(evaluate(1, Decision.ROLLBACK, "error_rate >= 0.05", later))
                .expectEvents(new RollbackRequired(ID, 1, "error_rate >= 0.05", M, later));
    }

    @Test
    void thePipelineAcknowledgesTheEvaluatorsPauseButCannotPauseTwice() {
        Instant paused = T0.plus(Duration.ofMinutes(30));
        fixture.given(opened(), stage(1, 60, T0), new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused))
                .when(new ReportReleaseProgress(ID, Action.PAUSED, null, "argo paused", paused.plusSeconds(5)))
                .expectEvents(new ReleaseProgressReported(ID, "paused", 1, "argo paused", paused.plusSeconds(5)));
        fixture.given(opened(), stage(1, 60, T0), new ReleaseProgressReported(ID, "paused", 1, null, paused))
                .when(new ReportReleaseProgress(ID, Action.PAUSED, null, null, paused.plusSeconds(5)))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void aPipelinePausedByHandRecommendsNoPromotionAndResumingWithoutAPauseIsRefused() {
        Instant paused = T0.plus(Duration.ofMinutes(61));
        fixture.given(opened(), stage(1, 60, T0), new ReleaseProgressReported(ID, "paused", 1, "freeze", paused))
                .when(evaluate(1, Decision.PROMOTE, null, paused.plusSeconds(60)))
                .expectNoEvents();
        fixture.given(opened(), stage(1, 60, T0))
                .when(new ReportReleaseProgress(ID, Action.RESUMED, null, null, paused))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void theEvaluatorsPauseShowsInTheReleaseUntilResumed() {
        Instant paused = T0.plus(Duration.ofMinutes(30));
        assertThat(ReleaseHistory.fold(List.of(opened(), stage(1, 60, T0),
                new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused))).orElseThrow().paused()).isTrue();
        assertThat(ReleaseHistory.fold(List.of(opened(), stage(1, 60, T0),
                new RolloutPaused(ID, 1, "p95_latency_ms >= 2500", M, paused),
                new ReleaseProgressReported(ID, "resumed", 1, null, paused.plusSeconds(60)))).orElseThrow().paused())
                .isFalse();
    }
}
