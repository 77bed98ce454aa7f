package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.analysis.RecordReleaseDecision;
import dev.feedbackloop.kernel.release.Measurement;
import dev.feedbackloop.kernel.release.ReleaseView;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Turns a release's rollback and pause decisions into the conditions of the rules on
 * {@code release_rollback_required} and {@code release_rollout_paused}, so they raise alerts through the rule channels
 * like any other rule. The agent and version are read from the release's own stream; the monitor records each
 * (rule, release, stage) once, so replaying is safe.
 */
@Component
@ProcessingGroup(ReleaseDecisionWatch.PROCESSING_GROUP)
public class ReleaseDecisionWatch {

    public static final String PROCESSING_GROUP = "analysis-release-decision-watch";

    private final CommandGateway commands;
    private final ReleaseHistory history;
    private final List<String> rollbackRules;
    private final List<String> pauseRules;

    public ReleaseDecisionWatch(CommandGateway commands, ReleaseHistory history, RuleBook rules) {
        this.commands = commands;
        this.history = history;
        this.rollbackRules = rules.withEvent(RuleCondition.RELEASE_ROLLBACK_REQUIRED).stream().map(TriggerRule::name).toList();
        this.pauseRules = rules.withEvent(RuleCondition.RELEASE_ROLLOUT_PAUSED).stream().map(TriggerRule::name).toList();
    }

    @EventHandler
    void on(RollbackRequired event) {
        record(RuleCondition.RELEASE_ROLLBACK_REQUIRED, rollbackRules, event.releaseId(), event.percentage(),
                event.trigger(), event.measurements(), event.decidedAt());
    }

    @EventHandler
    void on(RolloutPaused event) {
        record(RuleCondition.RELEASE_ROLLOUT_PAUSED, pauseRules, event.releaseId(), event.percentage(),
                event.trigger(), event.measurements(), event.decidedAt());
    }

    private void record(String name, List<String> rules, String releaseId, int percentage, String trigger,
                        List<Measurement> measurements, Instant decidedAt) {
        if (rules.isEmpty()) {
            return;
        }
        ReleaseView release = history.find(releaseId).orElseThrow(() ->
                new IllegalStateException("release " + releaseId + " has a decision but no opening"));
        Measurement behind = behind(trigger, measurements);
        commands.sendAndWait(new RecordReleaseDecision(release.agentId(), name, releaseId, release.version(),
                percentage, trigger, behind == null ? null : behind.canaryValue(),
                behind == null ? null : behind.baselineValue(), decidedAt, rules));
    }

    /** The failed measurement of the trigger's metric ("error_rate >= 0.05"), else the first failed one. */
    static Measurement behind(String trigger, List<Measurement> measurements) {
        if (measurements == null) {
            return null;
        }
        String metric = trigger == null ? "" : trigger.split(" ", 2)[0];
        return measurements.stream().filter(m -> m.verdict() == Measurement.Verdict.FAIL)
                .filter(m -> m.metric().equals(metric)).findFirst()
                .orElse(measurements.stream().filter(m -> m.verdict() == Measurement.Verdict.FAIL).findFirst()
                        .orElse(null));
    }
}
