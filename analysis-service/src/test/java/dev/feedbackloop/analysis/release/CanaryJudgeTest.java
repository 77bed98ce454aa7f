package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.release.EvaluateCanary.Decision;
import dev.feedbackloop.kernel.release.Measurement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryJudgeTest {

    private final CanaryJudge judge = new CanaryJudge(ReleaseSettings.defaults());

    /** n interactions, {@code errors} of them failed, latencies spread evenly around {@code latencyMs} (+/-20 %). */
    static CanaryJudge.Side side(int n, int errors, long latencyMs, int tasks, int completed) {
        InteractionOutcomes in = new InteractionOutcomes();
        for (int i = 0; i < n; i++) {
            long latency = Math.round(latencyMs * (0.8 + 0.4 * i / n));
            in.add(latency, i < errors, i < errors ? "timeout" : null, 0, 0, 0, 0);
        }
        FeedbackOutcomes fb = new FeedbackOutcomes().add(FeedbackOutcomes.Counter.COMPLETION_REPORTS, tasks)
                .add(FeedbackOutcomes.Counter.COMPLETED, completed);
        return new CanaryJudge.Side(in, fb);
    }

    static final CanaryJudge.Side BASELINE = side(5000, 50, 1000, 1000, 920);

    @Test
    void aCanaryErrorRateOfSixPercentRequiresARollback() {
        CanaryJudge.Judgement j = judge.judge(CanaryConfigs.defaults(), side(600, 36, 1000, 200, 184), BASELINE, false);
        assertThat(j.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(j.trigger()).isEqualTo("error_rate >= 0.05");
        Measurement error = j.measurements().get(0);
        assertThat(error.canaryValue()).isEqualTo(0.06);
        assertThat(error.baselineValue()).isEqualTo(0.01);
        assertThat(error.canarySamples()).isEqualTo(600);
        assertThat(error.verdict()).isEqualTo(Measurement.Verdict.FAIL);
    }

    @Test
    void aSixPercentErrorRateOnFewInteractionsIsNotYetConfidentEnoughToRollBack() {
        CanaryJudge.Judgement j = judge.judge(CanaryConfigs.defaults(), side(100, 6, 1000, 200, 184), BASELINE, true);
        assertThat(j.decision()).isNotEqualTo(Decision.ROLLBACK).isNotEqualTo(Decision.PROMOTE);
    }

    @Test
    void aCanaryOneAndSevenTenthsAsSlowAsTheBaselineIsPausedNotPromoted() {
        CanaryJudge.Judgement j = judge.judge(CanaryConfigs.defaults(), side(600, 0, 1700, 200, 184), BASELINE, true);
        assertThat(j.decision()).isEqualTo(Decision.PAUSE);
        assertThat(j.trigger()).contains("p95_latency_ms");
    }

    @Test
    void tooLittleTrafficIsHeldForInsufficientData() {
        CanaryJudge.Judgement j = judge.judge(CanaryConfigs.defaults(), side(40, 0, 1000, 10, 10), BASELINE, true);
        assertThat(j.decision()).isEqualTo(Decision.HOLD_INSUFFICIENT_DATA);
        assertThat(j.measurements()).anyMatch(m -> m.verdict() == Measurement.Verdict.INSUFFICIENT_DATA
                && m.canarySamples() == 40);
    }

    @Test
    void aHealthyCanaryIsPromotedOnceTheStageHasRunLongEnough() {
        CanaryJudge.Side healthy = side(600, 2, 1000, 300, 285);
        assertThat(judge.judge(CanaryConfigs.defaults(), healthy, BASELINE, false).decision()).isNull();
        CanaryJudge.Judgement j = judge.judge(CanaryConfigs.defaults(), healthy, BASELINE, true);
        assertThat(j.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(j.measurements()).extracting(Measurement::verdict).containsOnly(Measurement.Verdict.PASS);
    }

    @Test
    void theNormalQuantilesMatchTheTables() {
        assertThat(CanaryJudge.z(0.95, false)).isCloseTo(1.95996, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(CanaryJudge.z(0.80, true)).isCloseTo(0.84162, org.assertj.core.data.Offset.offset(1e-4));
    }
}
