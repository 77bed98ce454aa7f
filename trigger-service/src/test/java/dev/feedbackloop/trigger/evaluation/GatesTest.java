package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Section 21.2.2's gates with numbers checked by hand. */
class GatesTest {

    final Gates gates = EvaluationSettings.DEFAULTS.gates();

    @Test
    void aRunAboveTheSuccessGateWithinTwiceTheBaselineErrorsPasses() {
        Gates.Judgement j = gates.judge(Map.of("task_success_rate", 0.91, "error_rate", 0.03),
                Map.of("task_success_rate", 0.90, "error_rate", 0.02));
        assertThat(j.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(j.reasons()).isEmpty();
    }

    @Test
    void theGatesAreInclusive() {
        // 0.85 >= 0.85 and 0.04 <= 2 x 0.02
        assertThat(gates.judge(Map.of("task_success_rate", 0.85, "error_rate", 0.04),
                Map.of("error_rate", 0.02)).verdict()).isEqualTo(Verdict.PASSED);
        // 0.03 <= 2 x 0.015 although 2 * 0.015 is not exactly 0.03 in binary
        assertThat(new Gates(0.85, 1.5).judge(Map.of("task_success_rate", 0.9, "error_rate", 0.03),
                Map.of("error_rate", 0.02)).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aLowSuccessRateRegressesAndSaysByHowMuch() {
        Gates.Judgement j = gates.judge(Map.of("task_success_rate", 0.81, "error_rate", 0.01), null);
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(j.reasons()).containsExactly("task_success_rate 0.81 < 0.85");
    }

    @Test
    void moreThanTwiceTheBaselineErrorsRegresses() {
        Gates.Judgement j = gates.judge(Map.of("task_success_rate", 0.80, "error_rate", 0.05),
                Map.of("task_success_rate", 0.9, "error_rate", 0.02));
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(j.reasons()).containsExactly("task_success_rate 0.8 < 0.85",
                "error_rate 0.05 > 2 x baseline 0.02 (0.04)");
    }

    @Test
    void aMissingSuccessRateIsItselfARegression() {
        Gates.Judgement j = gates.judge(Map.of("error_rate", 0.0), Map.of("error_rate", 0.01));
        assertThat(j.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(j.reasons()).isEqualTo(List.of("task_success_rate is missing"));
    }

    @Test
    void theErrorGateNeedsBothErrorRates() {
        assertThat(gates.judge(Map.of("task_success_rate", 0.9, "error_rate", 0.5), Map.of("task_success_rate", 0.9))
                .verdict()).isEqualTo(Verdict.PASSED);
        assertThat(gates.judge(Map.of("task_success_rate", 0.9), Map.of("error_rate", 0.01))
                .verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void withoutABaselineOnlyTheSuccessGateApplies() {
        assertThat(gates.judge(Map.of("task_success_rate", 0.86, "error_rate", 0.9), null).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void aBaselineWithoutErrorsAdmitsNone() {
        Gates.Judgement j = gates.judge(Map.of("task_success_rate", 0.9, "error_rate", 0.001),
                Map.of("error_rate", 0.0));
        assertThat(j.reasons()).containsExactly("error_rate 0.001 > 2 x baseline 0 (0)");
    }

    @Test
    void thresholdsAreConfigurable() {
        Gates strict = new Gates(0.95, 1.5);
        assertThat(strict.judge(Map.of("task_success_rate", 0.91, "error_rate", 0.02), Map.of("error_rate", 0.02))
                .reasons()).containsExactly("task_success_rate 0.91 < 0.95");
        assertThat(strict.judge(Map.of("task_success_rate", 0.96, "error_rate", 0.031), Map.of("error_rate", 0.02))
                .reasons()).containsExactly("error_rate 0.031 > 1.5 x baseline 0.02 (0.03)");
    }
}
