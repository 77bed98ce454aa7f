package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.rules.AlertLevel;
import dev.feedbackloop.kernel.rules.RuleAction;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

class RuleBookLoaderTest {

    static RuleBookException problemsIn(String yaml) {
        return catchThrowableOfType(RuleBookException.class, () -> RuleBookLoader.parse(yaml, "test.yaml"));
    }

    static RuleAction action(String type, String... parameters) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], parameters[i + 1]);
        }
        return new RuleAction(type, map);
    }

    @Test
    void theDefaultFileHoldsTheSpecificationsTriggers() {
        RuleBook book = RuleBookLoader.defaults();

        assertThat(book.rules().stream().filter(r -> !r.isAlert()).toList()).containsExactly(
                new TriggerRule("performance_degradation",
                        new RuleCondition("task_success_rate", null, Threshold.parse("< 0.80"), Duration.ofHours(24),
                                Duration.ofHours(6), null, 20, null),
                        List.of(action("alert", "channel", "slack-ml-team"), action("create_ticket", "priority", "high"),
                                action("snapshot_evaluation", "dataset", "production_sample"))),
                new TriggerRule("drift_detection",
                        RuleCondition.onMetric("input_distribution_psi", Threshold.parse("> 0.25")),
                        List.of(action("alert", "channel", "slack-data-team"),
                                action("trigger_pipeline", "pipeline", "refresh_evaluation_set"))),
                new TriggerRule("new_failure_cluster",
                        new RuleCondition("clustered_failures", null, Threshold.parse("> 20"), null, Duration.ofHours(24),
                                null, null, null),
                        List.of(action("create_test_cases", "source", "failure_cluster"),
                                action("alert", "channel", "slack-qa-team"))),
                new TriggerRule("performance_drop",
                        new RuleCondition("task_success_rate", null, Threshold.parse("drop > 5%"), Duration.ofHours(24),
                                Duration.ofHours(24), Duration.ofDays(7), 50, null),
                        List.of(action("alert", "channel", "slack-ml-team"), action("create_ticket", "priority", "high"))),
                new TriggerRule("model_update_available",
                        RuleCondition.onEvent("model_version_released"),
                        List.of(action("trigger_evaluation", "dataset", "production_sample"))),
                new TriggerRule("feedback_threshold",
                        new RuleCondition("negative_signals", null, Threshold.parse("> 100"), null, Duration.ofHours(24),
                                null, null, List.of("agent_id", "intent_category")),
                        List.of(action("prioritize_improvement"), action("create_ticket", "priority", "medium"))),
                new TriggerRule("canary_rollback", RuleCondition.onEvent("release_rollback_required"),
                        List.of(action("alert", "channel", "pagerduty", "severity", "critical"),
                                action("alert", "channel", "slack-oncall", "severity", "critical"),
                                action("create_ticket", "priority", "high"))),
                new TriggerRule("canary_paused", RuleCondition.onEvent("release_rollout_paused"),
                        List.of(action("alert", "channel", "slack-oncall", "severity", "warning"))));
    }

    @Test
    void theDefaultRulesCarryTheDefaultsTheyLeaveOut() {
        RuleBook book = RuleBookLoader.defaults();
        RuleCondition degradation = book.rule("performance_degradation").orElseThrow().condition();
        assertThat(degradation.window()).isEqualTo(Duration.ofHours(6));
        assertThat(degradation.minSamples()).isEqualTo(20);
        assertThat(book.rule("feedback_threshold").orElseThrow().condition().minSamples()).isEqualTo(20);
        assertThat(degradation.scope()).containsExactly("agent_id");
        assertThat(degradation.threshold()).hasToString("< 0.8");
        assertThat(book.rule("drift_detection").orElseThrow().condition().duration()).isEqualTo(Duration.ZERO);
        assertThat(book.rule("performance_degradation").orElseThrow().actions().get(0).parameter("severity"))
                .contains("warning");
        assertThat(book.withMetric("task_success_rate")).extracting(TriggerRule::name)
                .containsExactly("performance_degradation", "performance_drop", "low_task_success", "task_success_collapse");
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheRuleAndTheFieldPath() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: performance_degradation
                    condition:
                      metric: task_sucess_rate
                      threshold: "<< 0.8"
                      duration: 24 hours
                    actions:
                      - type: alert
                        chanel: slack-ml-team
                      - type: create_ticket
                        priority: urgent
                  - condition:
                      event: model_version_released
                    actions: []
                  - name: performance_degradation
                    condition:
                      metric: retry_rate
                      treshold: "> 0.2"
                    actions:
                      - type: page_someone
                """);

        assertThat(e.problems()).containsExactly(
                "rule 'performance_degradation' (#1): condition.metric: unknown metric \"task_sucess_rate\"; did you mean \"task_success_rate\"?",
                "rule 'performance_degradation' (#1): condition.threshold: \"<< 0.8\" is not a comparison like \"< 0.80\", \">= 3\", \"drop > 5%\"",
                "rule 'performance_degradation' (#1): condition.duration: \"24 hours\" is not a duration like \"24h\", \"7d\", \"30m\", \"90s\" or \"PT24H\"",
                "rule 'performance_degradation' (#1): actions[0].chanel: unknown parameter of alert; did you mean \"channel\"?",
                "rule 'performance_degradation' (#1): actions[0].channel: missing; alert needs it",
                "rule 'performance_degradation' (#1): actions[1].priority: \"urgent\" is not one of low, medium, high, critical",
                "rule #2: name: missing",
                "rule #2: actions: must be a non-empty list of actions, each starting with \"- type:\"",
                "rule 'performance_degradation' (#3): name: \"performance_degradation\" is already the name of rule #1",
                "rule 'performance_degradation' (#3): condition.treshold: unknown key; did you mean \"threshold\"?",
                "rule 'performance_degradation' (#3): condition.threshold: missing; a metric condition needs one like \"< 0.80\", \">= 3\", \"drop > 5%\"",
                "rule 'performance_degradation' (#3): actions[0].type: unknown action type \"page_someone\"; known: alert, create_ticket, snapshot_evaluation, trigger_pipeline, create_test_cases, trigger_evaluation, prioritize_improvement, auto_action");
        assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("12 problems in trigger rules test.yaml:\n  rule 'performance_degradation' (#1): condition.metric:");
    }

    @Test
    void unknownKeysAreRefusedAtEveryLevel() {
        RuleBookException e = problemsIn("""
                automated_trigers: []
                """);
        assertThat(e.problems()).containsExactly(
                "automated_trigers: unknown key; did you mean \"automated_triggers\"?",
                "automated_triggers: missing; the rules are listed under it");

        e = problemsIn("""
                automated_triggers:
                  - name: r
                    enabled: true
                    condition: {event: model_version_released, when: now}
                    actions:
                      - {type: prioritize_improvement, urgency: high}
                """);
        assertThat(e.problems()).containsExactly(
                "rule 'r' (#1): enabled: unknown key; allowed: name, condition, actions",
                "rule 'r' (#1): condition.when: unknown key; allowed: metric, event, threshold, duration, window, baseline, min_samples, scope",
                "rule 'r' (#1): actions[0].urgency: unknown parameter of prioritize_improvement; it takes no parameters");
    }

    @Test
    void aConditionWatchesOneKnownMetricOrEventWithSettingsThatApplyToIt() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: both
                    condition: {metric: retry_rate, event: model_version_released, threshold: "> 0.1"}
                    actions: [{type: prioritize_improvement}]
                  - name: neither
                    condition: {threshold: "> 0.1"}
                    actions: [{type: prioritize_improvement}]
                  - name: event-with-threshold
                    condition: {event: model_released, threshold: "> 1", window: 1h}
                    actions: [{type: prioritize_improvement}]
                  - name: psi-drop
                    condition: {metric: input_distribution_psi, threshold: "rise > 10%"}
                    actions: [{type: prioritize_improvement}]
                  - name: baseline-without-drop
                    condition: {metric: retry_rate, threshold: "> 0.1", baseline: 7d, min_samples: 0}
                    actions: [{type: prioritize_improvement}]
                  - name: count-with-min-samples
                    condition: {metric: feedback_volume, threshold: "< 10", min_samples: 5, scope: [agent_id, intent, intent_category, intent_category]}
                    actions: [{type: prioritize_improvement}]
                """);
        assertThat(e.problems()).containsExactly(
                "rule 'both' (#1): condition: names both a metric and an event; a rule watches one of them",
                "rule 'neither' (#2): condition: needs a metric (task_success_rate, average_user_rating, escalation_rate, retry_rate, follow_up_rate, thumbs_up_rate, negative_signals, feedback_volume, error_rate, p50_latency_ms, p95_latency_ms, p99_latency_ms, requests, active_users, tokens_per_minute, cost_per_hour, cost_per_task, guardrail_triggers_per_minute, input_distribution_psi, clustered_failures) or an event (model_version_released, release_rollback_required, release_rollout_paused)",
                "rule 'event-with-threshold' (#3): condition.event: unknown event \"model_released\"; did you mean \"model_version_released\"?",
                "rule 'event-with-threshold' (#3): condition.threshold: an event condition takes no threshold; it fires once for each event",
                "rule 'event-with-threshold' (#3): condition.window: an event condition takes no window; it fires once for each event",
                "rule 'psi-drop' (#4): condition.threshold: input_distribution_psi takes only an absolute threshold like \"> 0.25\", not \"rise > 10%\"",
                "rule 'baseline-without-drop' (#5): condition.baseline: only a drop or rise (\"drop > 5%\") or a multiple of the baseline (\"> 1.5x baseline\") is compared with a baseline, \"> 0.1\" is not",
                "rule 'baseline-without-drop' (#5): condition.min_samples: must be a whole number of at least 1, was 0",
                "rule 'count-with-min-samples' (#6): condition.min_samples: feedback_volume is a count; min_samples applies only to rates, averages and percentiles",
                "rule 'count-with-min-samples' (#6): condition.scope[1]: unknown scope dimension \"intent\"; did you mean \"intent_category\"?",
                "rule 'count-with-min-samples' (#6): condition.scope[3]: \"intent_category\" is listed twice");
    }

    @Test
    void namesMustBeLowerCaseWordsAndDurationsPositive() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: Performance Drop
                    condition: {metric: retry_rate, threshold: "> 0.1", duration: 0h, window: PT-1H, baseline: 7}
                    actions: [{type: alert, channel: ops, severity: loud}]
                """);
        assertThat(e.problems()).containsExactly(
                "rule 'Performance Drop' (#1): name: \"Performance Drop\" may only use a-z, 0-9, '_' and '-'",
                "rule 'Performance Drop' (#1): condition.duration: must be positive, was \"0h\"",
                "rule 'Performance Drop' (#1): condition.window: must be positive, was \"PT-1H\"",
                "rule 'Performance Drop' (#1): condition.baseline: \"7\" is not a duration like \"24h\", \"7d\", \"30m\", \"90s\" or \"PT24H\"",
                "rule 'Performance Drop' (#1): actions[0].severity: \"loud\" is not one of info, warning, critical");
    }

    @Test
    void everyRequiredParameterOfEveryActionTypeIsChecked() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: r
                    condition: {event: model_version_released}
                    actions:
                      - type: alert
                      - type: create_ticket
                      - type: snapshot_evaluation
                      - type: trigger_pipeline
                      - type: create_test_cases
                        source: user_reports
                      - type: trigger_evaluation
                        dataset: ""
                      - {}
                """);
        assertThat(e.problems()).containsExactly(
                "rule 'r' (#1): actions[0].channel: missing; alert needs it",
                "rule 'r' (#1): actions[1].priority: missing; create_ticket needs it",
                "rule 'r' (#1): actions[2].dataset: missing; snapshot_evaluation needs it",
                "rule 'r' (#1): actions[3].pipeline: missing; trigger_pipeline needs it",
                "rule 'r' (#1): actions[4].source: \"user_reports\" is not one of failure_cluster",
                "rule 'r' (#1): actions[5].dataset: must be a non-empty text",
                "rule 'r' (#1): actions[6].type: missing; one of alert, create_ticket, snapshot_evaluation, trigger_pipeline, create_test_cases, trigger_evaluation, prioritize_improvement, auto_action");
    }

    @Test
    void optionalSettingsAreReadInEveryForm() {
        RuleBook book = RuleBookLoader.parse("""
                automated_triggers:
                  - name: rating-drop
                    condition:
                      metric: average_user_rating
                      threshold: "drop > 0.5"
                      duration: 30m
                      window: 90m
                      baseline: P14D
                      min_samples: 50
                      scope: [intent_category, agent_version]
                    actions:
                      - type: alert
                        channel: ops
                        severity: critical
                        runbook: https://runbooks.example/rating
                """, "test.yaml");
        RuleCondition condition = book.rule("rating-drop").orElseThrow().condition();
        assertThat(condition.threshold()).isEqualTo(Threshold.parse("drop > 0.5"));
        assertThat(condition.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(condition.window()).isEqualTo(Duration.ofMinutes(90));
        assertThat(condition.baseline()).isEqualTo(Duration.ofDays(14));
        assertThat(condition.minSamples()).isEqualTo(50);
        assertThat(condition.scope()).containsExactly("agent_id", "intent_category", "agent_version");
        assertThat(book.rules().get(0).actions().get(0).parameters()).containsExactly(
                Map.entry("channel", "ops"), Map.entry("severity", "critical"),
                Map.entry("runbook", "https://runbooks.example/rating"));
    }

    @Test
    void theSpecificationsAlertConfigurationIsReadAsWritten() {
        RuleBook book = RuleBookLoader.parse("""
                alerts:
                  - name: "high_error_rate"
                    metric: "error_rate"
                    condition: "> 0.05"
                    duration: "5m"
                    severity: "critical"
                    channels: ["pagerduty", "slack-oncall"]
                    runbook: "https://runbooks.internal/agent-errors"

                  - name: "latency_degradation"
                    metric: "p95_latency_ms"
                    condition: "> 5000"
                    duration: "10m"
                    severity: "warning"
                    channels: ["slack-engineering"]

                  - name: "safety_concern"
                    metric: "guardrail_triggers_per_minute"
                    condition: "> 50"
                    duration: "2m"
                    severity: "critical"
                    channels: ["pagerduty", "slack-security", "email-compliance"]
                    auto_action: "enable_enhanced_filtering"
                """, "spec.yaml");
        assertThat(book.alerts()).hasSize(3);
        TriggerRule errors = book.rule("high_error_rate").orElseThrow();
        assertThat(errors.level()).isEqualTo(new AlertLevel("critical", null));
        assertThat(errors.condition().threshold()).isEqualTo(Threshold.parse("> 0.05"));
        assertThat(errors.condition().duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(errors.condition().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(errors.condition().step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(errors.actions()).containsExactly(
                action("alert", "channel", "pagerduty", "severity", "critical", "runbook", "https://runbooks.internal/agent-errors"),
                action("alert", "channel", "slack-oncall", "severity", "critical", "runbook", "https://runbooks.internal/agent-errors"));
        assertThat(book.rule("safety_concern").orElseThrow().actions()).extracting(RuleAction::type)
                .containsExactly("alert", "alert", "alert", "auto_action");
        assertThat(book.rule("safety_concern").orElseThrow().actions().get(3).parameter("action"))
                .contains("enable_enhanced_filtering");
    }

    @Test
    void theDefaultAlertsImplementTheWholeMatrixAtWarningAndCriticalLevels() {
        RuleBook book = RuleBookLoader.defaults();
        Map<String, List<String>> levels = new LinkedHashMap<>();
        book.alerts().forEach(a -> levels.computeIfAbsent(a.condition().metric(), m -> new java.util.ArrayList<>())
                .add(a.level().severity() + " " + a.condition().threshold()));
        assertThat(levels).containsExactly(
                Map.entry("error_rate", List.of("warning > 0.02", "critical > 0.05")),
                Map.entry("p95_latency_ms", List.of("warning > 3000", "critical > 5000")),
                Map.entry("task_success_rate", List.of("warning < 0.9", "critical < 0.8")),
                Map.entry("cost_per_hour", List.of("warning > 1.5x baseline", "critical > 2x baseline")),
                Map.entry("guardrail_triggers_per_minute", List.of("warning > 10", "critical > 50")));
        TriggerRule safety = book.rule("safety_concern").orElseThrow();
        assertThat(safety.level().priority()).isEqualTo("P1");
        assertThat(safety.actions()).extracting(a -> a.parameters().getOrDefault("channel", a.type()))
                .containsExactly("pagerduty", "slack-security", "email-compliance", "auto_action");
        // the alerts of one metric read the same window, so their levels move together
        book.alerts().forEach(a -> assertThat(a.condition().window()).as(a.name()).isEqualTo(
                book.alerts().stream().filter(b -> b.condition().metric().equals(a.condition().metric())).findFirst()
                        .orElseThrow().condition().window()));
    }

    @Test
    void alertsAreCheckedKeyByKeyLikeRules() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: shared
                    condition: {event: model_version_released}
                    actions: [{type: prioritize_improvement}]
                alerts:
                  - name: shared
                    metric: error_rate
                    condition: "> 0.05"
                    severity: urgent
                    channels: []
                    treshold: 1
                  - name: drifting
                    metric: input_distribution_psi
                    condition: "> 0.25"
                    severity: warning
                    priority: P0
                    channels: [a, a]
                    auto_action: "Enable Filtering"
                  - name: silent
                    metric: eror_rate
                """);
        assertThat(e.problems()).containsExactly(
                "alert 'shared' (#1): treshold: unknown key; allowed: name, metric, condition, duration, severity, channels, runbook, auto_action, priority, window, baseline, min_samples, scope",
                "alert 'shared' (#1): name: \"shared\" is already the name of rule #1",
                "alert 'shared' (#1): severity: \"urgent\" is not one of info, warning, critical",
                "alert 'shared' (#1): channels: must be a non-empty list of channel names like [\"slack-oncall\"]",
                "alert 'drifting' (#2): metric: input_distribution_psi is for automated_triggers; an alert watches one of task_success_rate, average_user_rating, escalation_rate, retry_rate, follow_up_rate, thumbs_up_rate, negative_signals, feedback_volume, error_rate, p50_latency_ms, p95_latency_ms, p99_latency_ms, requests, active_users, tokens_per_minute, cost_per_hour, cost_per_task, guardrail_triggers_per_minute",
                "alert 'drifting' (#2): priority: \"P0\" is not one of P1, P2, P3, P4",
                "alert 'drifting' (#2): auto_action: \"Enable Filtering\" may only use a-z, 0-9, '_' and '-'",
                "alert 'drifting' (#2): channels[1]: \"a\" is listed twice",
                "alert 'silent' (#3): metric: unknown metric \"eror_rate\"; did you mean \"error_rate\"?",
                "alert 'silent' (#3): condition: missing; a metric condition needs one like \"< 0.80\", \">= 3\", \"drop > 5%\"",
                "alert 'silent' (#3): severity: missing; one of info, warning, critical",
                "alert 'silent' (#3): channels: missing; an alert goes to at least one channel");
    }

    @Test
    void whatTheMonitorCouldNotEvaluateAsWrittenIsRefusedNamingRuleAndKey() {
        RuleBookException e = problemsIn("""
                automated_triggers:
                  - name: seconds
                    condition: {metric: retry_rate, threshold: "> 0.1", window: 90s, duration: PT30S}
                    actions: [{type: prioritize_improvement}]
                  - name: odd-baseline
                    condition: {metric: retry_rate, threshold: "rise > 10%", baseline: 90m}
                    actions: [{type: prioritize_improvement}]
                  - name: drift-for-a-day
                    condition: {metric: input_distribution_psi, threshold: "< 0.1", duration: 24h, window: 6h, scope: [agent_id, intent_category]}
                    actions: [{type: prioritize_improvement}]
                  - name: cluster-in-an-hour
                    condition: {metric: clustered_failures, threshold: "> 5", window: 1h, duration: 2h}
                    actions: [{type: prioritize_improvement}]
                  - name: cost-with-samples
                    condition: {metric: cost_per_hour, threshold: "> 10", min_samples: 5}
                    actions: [{type: prioritize_improvement}]
                alerts:
                  - name: fast
                    metric: error_rate
                    condition: "> 0.05"
                    duration: 45s
                    severity: critical
                    channels: [pagerduty]
                """);
        assertThat(e.problems()).containsExactly(
                "rule 'seconds' (#1): condition.duration: must be a whole number of minutes (the monitor evaluates once a minute at most), was \"PT30S\"",
                "rule 'seconds' (#1): condition.window: must be a whole number of minutes (the monitor evaluates once a minute at most), was \"90s\"",
                "rule 'odd-baseline' (#2): condition.baseline: must be a whole number of hours (baselines move by the hour), was \"90m\"",
                "rule 'drift-for-a-day' (#3): condition.duration: input_distribution_psi is measured each hour over platform.monitor.current-window against the reference window, per feature; it takes no duration",
                "rule 'drift-for-a-day' (#3): condition.scope: input_distribution_psi is measured each hour over platform.monitor.current-window against the reference window, per feature; it takes no scope",
                "rule 'drift-for-a-day' (#3): condition.window: input_distribution_psi is measured each hour over platform.monitor.current-window against the reference window, per feature; it takes no other window",
                "rule 'drift-for-a-day' (#3): condition.threshold: input_distribution_psi takes only a threshold like \"> 0.25\", not \"< 0.1\"",
                "rule 'cluster-in-an-hour' (#4): condition.duration: clustered_failures is the size of one failure cluster over its last 24 hours; it takes no duration",
                "rule 'cluster-in-an-hour' (#4): condition.window: clustered_failures is the size of one failure cluster over its last 24 hours; it takes no other window",
                "rule 'cost-with-samples' (#5): condition.min_samples: cost_per_hour is a rate per time; min_samples applies only to rates, averages and percentiles",
                "alert 'fast' (#1): duration: must be a whole number of minutes (the monitor evaluates once a minute at most), was \"45s\"");
        // what it can: a clustered_failures rule may say its window, 24h, as the specification does
        assertThat(RuleBookLoader.parse("""
                automated_triggers:
                  - name: c
                    condition: {metric: clustered_failures, threshold: "> 20", window: 24h}
                    actions: [{type: prioritize_improvement}]
                """, "test.yaml").rules()).hasSize(1);
    }

    @Test
    void anEmptyRuleListIsAllowed() {
        assertThat(RuleBookLoader.parse("automated_triggers: []", "test.yaml").rules()).isEmpty();
    }

    @Test
    void filesThatAreNotTheExpectedYamlAreRefusedWithTheReason() {
        assertThat(problemsIn("").problems()).containsExactly("automated_triggers: missing; the file is empty");
        assertThat(problemsIn("- name: x").problems()).containsExactly(
                "the file must be a mapping with the key automated_triggers (and, for the alert matrix, alerts)");
        assertThat(problemsIn("alerts: {name: x}").problems())
                .containsExactly("alerts: must be a list of alerts, each starting with \"- name:\"");
        assertThat(problemsIn("automated_triggers: {name: x}").problems())
                .containsExactly("automated_triggers: must be a list of rules, each starting with \"- name:\"");
        assertThat(problemsIn("automated_triggers: [x]").problems())
                .containsExactly("rule #1: must be a mapping with name, condition and actions");
        assertThat(problemsIn("automated_triggers:\n  - name: [x\n").problems()).singleElement(as(STRING)).startsWith("not valid YAML:").contains("line 3");
    }

    @Test
    void anUnquotedGreaterThanSignGetsAHintToQuoteIt() {
        assertThat(problemsIn("""
                automated_triggers:
                  - name: r
                    condition:
                      metric: clustered_failures
                      threshold: > 20
                    actions: [{type: prioritize_improvement}]
                """).problems()).singleElement(as(STRING))
                .contains("line 5").contains("must be quoted: threshold: \"> 20\"");
    }

    @Test
    void duplicateKeysAreRefusedRatherThanTheLastOneWinning() {
        assertThat(problemsIn("""
                automated_triggers:
                  - name: r
                    condition: {metric: retry_rate, threshold: "> 0.1", threshold: "> 0.9"}
                    actions: [{type: prioritize_improvement}]
                """).problems()).singleElement(as(STRING))
                .contains("duplicate key threshold");
    }

    @Test
    void yamlTagsCannotBuildArbitraryTypes() {
        assertThat(problemsIn("""
                automated_triggers: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1/"]]]]
                """).problems()).singleElement(as(STRING))
                .startsWith("not valid YAML:").contains("tag is not allowed");
    }

    @Test
    void anUnreadableFileIsNamedInTheMessage(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> RuleBookLoader.load(missing)).isInstanceOf(RuleBookException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("cannot be read");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "automated_triggers: [x]");
        assertThatThrownBy(() -> RuleBookLoader.load(bad)).hasMessageStartingWith("1 problem in trigger rules " + bad);
    }
}
