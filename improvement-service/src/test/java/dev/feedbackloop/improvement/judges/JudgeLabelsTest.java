package dev.feedbackloop.improvement.judges;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeLabelsTest {

    @Test
    void booleansAndYesNoWordsArePassOrFail() {
        assertThat(JudgeLabels.category(true)).isEqualTo("pass");
        assertThat(JudgeLabels.category(false)).isEqualTo("fail");
        assertThat(JudgeLabels.category(" Yes ")).isEqualTo("pass");
        assertThat(JudgeLabels.category("no")).isEqualTo("fail");
        assertThat(JudgeLabels.category("FAIL")).isEqualTo("fail");
        assertThat(JudgeLabels.category("Partially")).isEqualTo("partially");
        assertThat(JudgeLabels.category(" ")).isNull();
    }

    @Test
    void scoresInZeroToOneArePassFromHalfAndOtherNumbersTheirRoundedInteger() {
        assertThat(JudgeLabels.category(0.5)).isEqualTo("pass");
        assertThat(JudgeLabels.category(0.49)).isEqualTo("fail");
        assertThat(JudgeLabels.category(0)).isEqualTo("fail");
        assertThat(JudgeLabels.category(1)).isEqualTo("pass");
        assertThat(JudgeLabels.category(3)).isEqualTo("3");
        assertThat(JudgeLabels.category(4.0)).isEqualTo("4");
        assertThat(JudgeLabels.category(4.5)).isEqualTo("5");
        assertThat(JudgeLabels.category(2L)).isEqualTo("2");
        assertThat(JudgeLabels.category(-2.4)).isEqualTo("-2");
    }

    @Test
    void otherValuesHaveNoCategory() {
        assertThat(JudgeLabels.category(null)).isNull();
        assertThat(JudgeLabels.category(Double.NaN)).isNull();
        assertThat(JudgeLabels.category(List.of(1))).isNull();
        assertThat(JudgeLabels.category(Map.of("a", 1))).isNull();
    }
}
