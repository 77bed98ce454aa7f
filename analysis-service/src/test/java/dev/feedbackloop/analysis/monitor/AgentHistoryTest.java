package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.support.rules.RuleBookLoader;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule conditions and drift computed from hourly slices, hour by hour. */
class AgentHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final MonitorSettings SETTINGS = new MonitorSettings(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofDays(7), 200, 0.0001, 744);

    static Instant hour(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    static RuleBook rules(String conditionYaml) {
        return RuleBookLoader.parse("""
                automated_triggers:
                  - name: "rule"
                    condition:
                %s
                    actions:
                      - type: "prioritize_improvement"
                """.formatted(conditionYaml.indent(6)), "test");
    }

    /** One hourly slice: {@code n} feedback reporting task_completed, {@code completed} of them true. */
    static Document slice(int hour, String intent, long n, long completed, long negative) {
        return new Document("agent_id", "bot").append("agent_version", "1.0").append("intent_category", intent)
                .append("hour", Date.from(hour(hour))).append("n", n).append("completed", completed)
                .append("completed_n", n).append("negative", negative);
    }

    static List<ConditionState> run(RuleBook rules, List<Document> slices, int from, int to) {
        AgentHistory history = new AgentHistory("bot", rules, SETTINGS, null, null, slices, List.of(), T0);
        List<ConditionState> states = new ArrayList<>();
        for (int h = from; h <= to; h++) {
            RecordEvaluation evaluation = history.evaluate(hour(h));
            states.addAll(evaluation.conditions());
        }
        return states;
    }

    static Boolean metAt(List<ConditionState> states, int from, int h) {
        return states.get(h - from).met();
    }

    @Test
    void anAbsoluteConditionWithADurationIsMetAfterHoldingThatLongAndStopsAtTheFirstFailingHour() {
        RuleBook rules = rules("metric: task_success_rate\nthreshold: \"< 0.80\"\nduration: 3h");
        List<Document> slices = new ArrayList<>();
        for (int h = 0; h < 20; h++) {
            boolean bad = h >= 10 && h < 15;       // hours [10:00, 15:00) complete 60 %, the others 95 %
            slices.add(slice(h, "billing", 20, bad ? 12 : 19, 0));
        }
        List<ConditionState> states = run(rules, slices, 1, 19);
        // points t hold when [t-1h, t) is bad: t = 11..15; met at H once t = H-2, H-1, H all hold: H = 13, 14, 15
        for (int h = 1; h <= 19; h++) {
            assertThat(metAt(states, 1, h)).as("hour %d", h).isEqualTo(h >= 13 && h <= 15);
        }
        assertThat(states.get(13 - 1).since()).isEqualTo(hour(11));
        assertThat(states.get(15 - 1).since()).isEqualTo(hour(11));
        assertThat(states.get(13 - 1).value()).isEqualTo(0.6);
    }

    @Test
    void aDurationIsHeldOnlyWhenStepsWithEnoughSamplesCoverThreeQuartersOfIt() {
        RuleBook rules = rules("metric: task_success_rate\nthreshold: \"< 0.80\"\nduration: 4h\nmin_samples: 10");
        List<Document> slices = List.of(slice(0, "billing", 20, 10, 0), slice(1, "billing", 5, 5, 0),
                slice(2, "billing", 20, 10, 0), slice(3, "billing", 20, 10, 0));
        List<ConditionState> states = run(rules, slices, 1, 6);
        // t=1: bad, t=2: 5 samples (no verdict), t=3, t=4: bad. H=3 covers t=0..3: two of four steps, not enough
        assertThat(metAt(states, 1, 3)).isNull();
        // H=4 covers t=1..4: three of four steps, all bad
        assertThat(metAt(states, 1, 4)).isTrue();
        assertThat(states.get(4 - 1).since()).isEqualTo(hour(1));
        // H=6 covers t=3..6: t=5 and t=6 have no data, two of four steps: no verdict, the state stays as it was
        assertThat(metAt(states, 1, 6)).isNull();
        // without any data in the duration there is no verdict either
        assertThat(run(rules, slices, 12, 12).get(0).met()).isNull();
    }

    @Test
    void aThinAgentDoesNotMeetADayLongConditionAfterOneHourOfData() {
        RuleBook rules = rules("metric: task_success_rate\nthreshold: \"< 0.80\"\nduration: 24h");
        List<Document> slices = new ArrayList<>();
        slices.add(slice(0, "billing", 20, 2, 0));              // one hour with enough samples, 10 % success
        for (int h = 1; h < 40; h++) {
            slices.add(slice(h, "billing", 3, 0, 0));            // then three feedback an hour: never 20 in an hour
        }
        assertThat(run(rules, slices, 1, 39)).extracting(ConditionState::met).containsOnlyNulls();
    }

    @Test
    void theDefaultDegradationRuleFiresForAnAgentWithFiveFeedbackAnHour() {
        RuleBook rules = RuleBookLoader.defaults();
        List<Document> slices = new ArrayList<>();
        for (int h = 0; h < 40; h++) {
            slices.add(slice(h, "billing", 5, 1, 0));            // 20 % success
        }
        List<ConditionState> states = run(rules, slices, 1, 39).stream()
                .filter(c -> c.rule().equals("performance_degradation")).toList();
        // six-hour windows hold 20 feedback from t=4 on; at H=21, 18 of the 24 steps of (-3, 21] have a verdict
        assertThat(metAt(states, 1, 20)).isNull();
        assertThat(metAt(states, 1, 21)).isTrue();
        assertThat(states.get(21 - 1).since()).isEqualTo(hour(4));
        assertThat(states.get(21 - 1).value()).isEqualTo(0.2);
    }

    @Test
    void aNewAgentIsNotComparedWithABaselineItHasNoHistoryFor() {
        RuleBook rules = RuleBookLoader.defaults();
        java.util.Random random = new java.util.Random(11);
        List<Document> slices = new ArrayList<>();
        for (int h = 0; h < 12 * 24; h++) {
            int n = 8 + random.nextInt(8);
            int completed = 0;
            for (int i = 0; i < n; i++) {
                completed += random.nextDouble() < (h < 10 * 24 ? 0.9 : 0.6) ? 1 : 0;
            }
            slices.add(slice(h, "billing", n, completed, 0));
        }
        List<ConditionState> states = run(rules, slices, 1, 12 * 24 - 1).stream()
                .filter(c -> c.rule().equals("performance_drop")).toList();
        // ten stable days: no drop, and no verdict at all before the week's baseline has 75 % of its history
        List<ConditionState> stable = states.subList(0, 10 * 24 - 1);
        assertThat(stable).noneMatch(c -> Boolean.TRUE.equals(c.met()));
        assertThat(stable.stream().filter(c -> c.met() != null).findFirst().orElseThrow().at())
                .isAfterOrEqualTo(hour(24 + 126));   // window 24 h, then 126 h (75 % of the week) of baseline
        // the real drop from day 10 on is met within about a day and a half, since no earlier than the agent's data
        ConditionState met = states.stream().filter(c -> Boolean.TRUE.equals(c.met())).findFirst().orElseThrow();
        assertThat(met.at()).isBetween(hour(10 * 24 + 24), hour(10 * 24 + 36));
        assertThat(met.since()).isAfter(hour(10 * 24)).isAfterOrEqualTo(T0);
    }

    @Test
    void aRelativeDropComparesTheWindowWithTheTrailingBaseline() {
        RuleBook rules = rules("metric: task_success_rate\nthreshold: \"drop > 5%\"\nbaseline: 24h");
        List<Document> slices = new ArrayList<>();
        for (int h = 0; h < 30; h++) {
            slices.add(slice(h, "billing", 20, h < 24 ? 18 : h < 27 ? 17 : 16, 0));
        }
        List<ConditionState> states = run(rules, slices, 25, 28);
        // H=25: window [24,25) 0.85 against baseline [0,24) 0.90: a drop of 5.6 % > 5 %
        assertThat(states.get(0).met()).isTrue();
        assertThat(states.get(0).baseline()).isEqualTo(0.9);
        // H=28: window [27,28) 0.80 against baseline [3,27) = (21 x 18 + 3 x 17) / 480 = 0.89375: a drop of 10.5 %
        assertThat(states.get(3).met()).isTrue();
        assertThat(states.get(3).baseline()).isEqualTo(0.89375);
        RuleBook small = rules("metric: task_success_rate\nthreshold: \"drop > 10%\"\nbaseline: 24h");
        assertThat(run(small, slices, 25, 25).get(0).met()).isFalse();
    }

    @Test
    void aCountOverItsWindowIsZeroWithoutFeedbackSoItClears() {
        RuleBook rules = rules("metric: negative_signals\nthreshold: \"> 5\"\nwindow: 2h\nscope: [agent_id, intent_category]");
        List<Document> slices = List.of(slice(0, "billing", 10, 10, 4), slice(1, "billing", 10, 10, 3),
                slice(1, "refunds", 10, 10, 6));
        List<ConditionState> states = run(rules, slices, 2, 4);
        // one state per scope and hour, sorted by scope: billing then refunds
        Map<String, String> billing = Map.of("agent_id", "bot", "intent_category", "billing");
        assertThat(states.get(0).scope()).isEqualTo(billing);
        assertThat(states.get(0).met()).isTrue();          // H=2: 4 + 3 = 7 in [0, 2)
        assertThat(states.get(0).value()).isEqualTo(7.0);
        assertThat(states.get(1).met()).isTrue();          // refunds 6
        assertThat(states.get(2).met()).isFalse();         // H=3: billing [1, 3) = 3
        assertThat(states.get(3).met()).isTrue();          // refunds [1, 3) = 6
        assertThat(states.get(5).met()).isFalse();         // H=4: refunds [2, 4) = 0
        assertThat(states.get(5).value()).isEqualTo(0.0);
    }

    @Test
    void driftIsMeasuredOnlyWithEnoughSamplesInBothWindowsAndSlidesHourByHour() {
        RuleBook rules = rules("metric: feedback_volume\nthreshold: \"> 1000000\"");
        List<Document> features = new ArrayList<>();
        // 24 hours of reference with intents billing:refunds 3:1, then 24 hours of billing:refunds 1:3
        for (int h = 0; h < 48; h++) {
            boolean after = h >= 24;
            features.add(new Document("agent_id", "bot").append("hour", Date.from(hour(h))).append("n", 20L)
                    .append("f", new Document("intent_category", new Document("~n", 20L)
                            .append("cbilling", after ? 5L : 15L).append("crefunds", after ? 15L : 5L))));
        }
        MonitorSettings settings = new MonitorSettings(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(24), 200, 0.0001, 744);
        AgentHistory history = new AgentHistory("bot", rules, settings, null, null, List.of(), features, T0);
        FeatureDrift early = history.evaluate(hour(30)).drift().get(0);
        // H=30: the reference [-18, 6) holds 6 hours x 20 = 120 feedback, below the 200 needed: no verdict
        assertThat(early.referenceCount()).isEqualTo(120);
        assertThat(early.currentCount()).isEqualTo(480);
        assertThat(early.psi()).isNull();
        assertThat(early.level()).isEqualTo("insufficient_data");
        FeatureDrift full = history.evaluate(hour(48)).drift().get(0);
        // reference [0, 24): 0.75 / 0.25 / 0 / 0; current [24, 48): 0.25 / 0.75 / 0 / 0
        double expected = (0.25 - 0.75) * Math.log(0.25 / 0.75) + (0.75 - 0.25) * Math.log(0.75 / 0.25);
        assertThat(full.psi()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(full.level()).isEqualTo("significant");
        AgentHistory sparse = new AgentHistory("bot", rules, settings, null, null, List.of(), features.subList(0, 30), T0);
        assertThat(sparse.evaluate(hour(30)).drift().get(0).psi()).isNull();
    }
}
