package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.improvement.judges.JudgePairsProjection.Assessment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.feedbackloop.kernel.feedback.AssessmentSourceType.HUMAN;
import static dev.feedbackloop.kernel.feedback.AssessmentSourceType.LLM_JUDGE;
import static org.assertj.core.api.Assertions.assertThat;

/** How the pair of an assessment name and trace follows overrides and deletes. */
class JudgePairsTest {

    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z"); // Monday of 2026-W45

    static Assessment a(String id, AssessmentSourceType source, String category, int hours, String overrides,
                        boolean deleted) {
        return new Assessment("t1", id, "correctness", source, category, T0.plusSeconds(hours * 3600L), overrides, deleted);
    }

    @Test
    void aHumanAndAJudgeOnTheSameTraceMakeAPairInTheWeekOfTheLaterOne() {
        List<JudgePair> pairs = JudgePairsProjection.resolve(List.of(
                a("j1", LLM_JUDGE, "pass", 0, null, false),
                a("h1", HUMAN, "fail", 24 * 7, null, false)));
        assertThat(pairs).containsExactly(new JudgePair("correctness", "t1", "fail", T0.plusSeconds(7 * 24 * 3600L),
                "pass", T0));
        assertThat(pairs.get(0).week()).isEqualTo("2026-W46");
        assertThat(pairs.get(0).agree()).isFalse();
    }

    @Test
    void onlyOneSideOrOtherNamesOrTracesMakeNoPair() {
        assertThat(JudgePairsProjection.resolve(List.of(a("j1", LLM_JUDGE, "pass", 0, null, false),
                new Assessment("t2", "h1", "correctness", HUMAN, "pass", T0, null, false),
                new Assessment("t1", "h2", "relevance", HUMAN, "pass", T0, null, false)))).isEmpty();
    }

    @Test
    void aJudgeReRunOverridingTheJudgeReplacesItsValueAndDeletingTheReRunRestoresIt() {
        Assessment judge = a("j1", LLM_JUDGE, "fail", 0, null, false);
        Assessment human = a("h1", HUMAN, "pass", 1, null, false);
        assertThat(JudgePairsProjection.resolve(List.of(judge, human, a("j2", LLM_JUDGE, "pass", 2, "j1", false))))
                .extracting(JudgePair::judge, JudgePair::judgeAt).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pass", T0.plusSeconds(7200)));
        assertThat(JudgePairsProjection.resolve(List.of(judge, human, a("j2", LLM_JUDGE, "pass", 2, "j1", true))))
                .extracting(JudgePair::judge, JudgePair::judgeAt).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fail", T0));
    }

    @Test
    void aHumanOverridingTheJudgeBecomesTheHumanValueAndTheJudgeKeepsItsVerdict() {
        List<JudgePair> pairs = JudgePairsProjection.resolve(List.of(
                a("j1", LLM_JUDGE, "pass", 0, null, false),
                a("h1", HUMAN, "fail", 3, "j1", false)));
        assertThat(pairs).extracting(JudgePair::human, JudgePair::judge)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fail", "pass"));
    }

    @Test
    void theLatestValidHumanValueCountsAndADeletedOneNot() {
        Assessment judge = a("j1", LLM_JUDGE, "pass", 0, null, false);
        assertThat(JudgePairsProjection.resolve(List.of(judge, a("h1", HUMAN, "fail", 1, null, false),
                a("h2", HUMAN, "pass", 2, null, false)))).extracting(JudgePair::human).containsExactly("pass");
        assertThat(JudgePairsProjection.resolve(List.of(judge, a("h1", HUMAN, "fail", 1, null, false),
                a("h2", HUMAN, "pass", 2, null, true)))).extracting(JudgePair::human).containsExactly("fail");
        assertThat(JudgePairsProjection.resolve(List.of(judge, a("h1", HUMAN, "fail", 1, null, true)))).isEmpty();
    }

    @Test
    void aLatestValueWithoutACategoryLeavesTheTraceOut() {
        assertThat(JudgePairsProjection.resolve(List.of(a("j1", LLM_JUDGE, "pass", 0, null, false),
                a("h1", HUMAN, "fail", 1, null, false), a("h2", HUMAN, null, 2, null, false)))).isEmpty();
    }
}
