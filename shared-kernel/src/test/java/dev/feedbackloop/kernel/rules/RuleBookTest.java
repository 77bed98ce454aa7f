package dev.feedbackloop.kernel.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBookTest {

    static TriggerRule rule(String name, RuleCondition condition) {
        return new TriggerRule(name, condition, List.of(new RuleAction("prioritize_improvement", Map.of())));
    }

    @Test
    void leftOutSettingsTakeTheirDefaultsByMetric() {
        RuleCondition rate = RuleCondition.onMetric("task_success_rate", Threshold.parse("< 0.8"));
        assertThat(rate.duration()).isEqualTo(Duration.ZERO);
        assertThat(rate.window()).isEqualTo(Duration.ofHours(1));
        assertThat(rate.baseline()).isEqualTo(Duration.ofDays(7));
        assertThat(rate.minSamples()).isEqualTo(20);
        assertThat(rate.scope()).containsExactly("agent_id");
        for (String count : List.of("negative_signals", "feedback_volume", "clustered_failures")) {
            assertThat(RuleCondition.onMetric(count, Threshold.parse("> 1")).window()).as(count).isEqualTo(Duration.ofHours(24));
        }
        assertThat(RuleCondition.onMetric("input_distribution_psi", Threshold.parse("> 0.25")).window())
                .isEqualTo(Duration.ofHours(1));
        // what the agent does: each minute on its own, the hourly cost over an hour
        for (String perMinute : List.of("error_rate", "p95_latency_ms", "p99_latency_ms", "guardrail_triggers_per_minute")) {
            assertThat(RuleCondition.onMetric(perMinute, Threshold.parse("> 1")).window()).as(perMinute)
                    .isEqualTo(Duration.ofMinutes(1));
        }
        assertThat(RuleCondition.onMetric("cost_per_hour", Threshold.parse("> 1.5x baseline")).window())
                .isEqualTo(Duration.ofHours(1));
        assertThat(RuleCondition.onMetric("active_users", Threshold.parse("< 5")).window()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aConditionIsEvaluatedHourlyWhenItsWindowAndDurationAreWholeHoursAndEachMinuteOtherwise() {
        assertThat(new RuleCondition("task_success_rate", null, Threshold.parse("< 0.8"), Duration.ofHours(24),
                Duration.ofHours(6), null, null, null).step()).isEqualTo(Duration.ofHours(1));
        assertThat(new RuleCondition("task_success_rate", null, Threshold.parse("< 0.8"), Duration.ofMinutes(30),
                Duration.ofHours(6), null, null, null).step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new RuleCondition("error_rate", null, Threshold.parse("> 0.05"), Duration.ofMinutes(5), null, null,
                null, null).step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(RuleCondition.onEvent("model_version_released").step()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void onlyTheCatalogsMetricsAreWatched() {
        assertThatThrownBy(() -> RuleCondition.onMetric("uptime", Threshold.parse("< 0.99")))
                .hasMessageContaining("no metric named 'uptime'").hasMessageContaining("error_rate");
        assertThat(RuleCondition.onMetric("error_rate", Threshold.parse("> 0.05")).measure())
                .isEqualTo(dev.feedbackloop.kernel.metrics.Metric.ERROR_RATE);
    }

    @Test
    void anAlertIsARuleWithALevelOnAMetric() {
        TriggerRule alert = new TriggerRule("high_error_rate", RuleCondition.onMetric("error_rate", Threshold.parse("> 0.05")),
                List.of(new RuleAction("alert", Map.of("channel", "pagerduty", "severity", "critical"))),
                new AlertLevel("critical", null));
        assertThat(alert.isAlert()).isTrue();
        assertThat(new RuleBook(List.of(alert, rule("other", RuleCondition.onEvent("model_version_released")))).alerts())
                .containsExactly(alert);
        assertThatThrownBy(() -> new AlertLevel("loud", null)).hasMessageContaining("info, warning, critical");
        assertThatThrownBy(() -> new AlertLevel("warning", "P5")).hasMessageContaining("P1, P2, P3, P4");
        assertThatThrownBy(() -> new TriggerRule("release", RuleCondition.onEvent("model_version_released"),
                List.of(new RuleAction("prioritize_improvement", Map.of())), new AlertLevel("warning", null)))
                .hasMessageContaining("needs a metric condition");
    }

    @Test
    void scopeAlwaysStartsWithTheAgent() {
        RuleCondition condition = new RuleCondition("negative_signals", null, Threshold.parse("> 100"), null, null,
                null, null, List.of("intent_category", "agent_id", "agent_version"));
        assertThat(condition.scope()).containsExactly("agent_id", "intent_category", "agent_version");
    }

    @Test
    void aConditionWatchesExactlyOneMetricOrEvent() {
        assertThatThrownBy(() -> new RuleCondition("retry_rate", "model_version_released", Threshold.parse("> 1"),
                null, null, null, null, null)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new RuleCondition(null, null, null, null, null, null, null, null))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> RuleCondition.onMetric("retry_rate", null)).hasMessageContaining("threshold");
    }

    @Test
    void anEventConditionCarriesNoMetricSettings() {
        RuleCondition event = RuleCondition.onEvent("model_version_released");
        assertThat(event.isEvent()).isTrue();
        assertThat(event.duration()).isEqualTo(Duration.ZERO);
        assertThat(event.window()).isNull();
        assertThat(event.baseline()).isNull();
        assertThat(event.minSamples()).isNull();
        assertThatThrownBy(() -> new RuleCondition(null, "model_version_released", null, Duration.ofHours(1), null,
                null, null, null)).hasMessageContaining("takes no threshold, duration");
    }

    @Test
    void actionsGetTheirTypesDefaults() {
        assertThat(new RuleAction("alert", Map.of("channel", "ops")).parameters())
                .containsEntry("channel", "ops").containsEntry("severity", "warning");
        assertThat(new RuleAction("alert", Map.of("channel", "ops", "severity", "critical")).parameter("severity"))
                .contains("critical");
        assertThat(new RuleAction("trigger_evaluation", null).parameter("dataset")).contains("production_sample");
        assertThat(ActionType.KNOWN.keySet()).containsExactly("alert", "create_ticket", "snapshot_evaluation",
                "trigger_pipeline", "create_test_cases", "trigger_evaluation", "prioritize_improvement", "auto_action");
        assertThat(ActionType.AUTO_ACTION.required()).containsExactly("action");
        assertThat(ActionType.ALERT.parameters()).containsExactly("channel", "severity", "runbook");
    }

    @Test
    void rulesAreFoundByNameMetricAndEvent() {
        TriggerRule low = rule("low", RuleCondition.onMetric("task_success_rate", Threshold.parse("< 0.8")));
        TriggerRule drop = rule("drop", RuleCondition.onMetric("task_success_rate", Threshold.parse("drop > 5%")));
        TriggerRule model = rule("model", RuleCondition.onEvent("model_version_released"));
        RuleBook book = new RuleBook(List.of(low, drop, model));
        assertThat(book.rule("drop")).contains(drop);
        assertThat(book.rule("nope")).isEmpty();
        assertThat(book.withMetric("task_success_rate")).containsExactly(low, drop);
        assertThat(book.withMetric("retry_rate")).isEmpty();
        assertThat(book.withEvent("model_version_released")).containsExactly(model);
    }

    @Test
    void twoRulesMayNotShareAName() {
        TriggerRule rule = rule("same", RuleCondition.onEvent("model_version_released"));
        assertThatThrownBy(() -> new RuleBook(List.of(rule, rule))).hasMessageContaining("'same'");
        assertThatThrownBy(() -> new TriggerRule("x", RuleCondition.onEvent("model_version_released"), List.of()))
                .hasMessageContaining("at least one action");
    }
}
