package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.EvaluationRunFailed;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.EvaluationRunTimedOut;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.PipelineRunFailed;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One incident: a rule's condition that holds for one scope. Started by {@link TriggerConditionMet}, it opens the
 * incident and carries out the rule's actions ({@link IncidentPlan}). While it lives, the condition holding again
 * opens nothing new: one open incident per rule and scope. When the condition clears, the incident's alerts are
 * resolved; the saga ends once the condition has cleared and every run it requested has ended (judged, failed or timed
 * out), after the cool-down if one is set, or when the incident's timeout passes. An event condition (a model release)
 * never clears: its incident ends when its work is done. When a command of the actions fails (a store down), the
 * actions are carried out again after {@code retry-delay}, doubling, up to {@code max-attempts}: every id is derived
 * from the incident, so what was already done is not done twice.
 */
@Saga
@ProcessingGroup(IncidentSaga.PROCESSING_GROUP)
public class IncidentSaga {

    public static final String PROCESSING_GROUP = "trigger-incident-saga";
    static final String TIMEOUT = "incident-timeout";
    static final String COOL_DOWN = "incident-cool-down";
    static final String CONDITION = "conditionKey";
    static final String RUN = "runId";
    static final String RETRY = "incident-retry";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IncidentSaga.class);

    private String incidentId;
    private boolean cleared;
    private boolean coolingDown;
    private boolean timedOut;
    /** The condition that opened the incident: what its actions are carried out for. */
    private TriggerConditionMet condition;
    private boolean actionsCarriedOut;
    private int attempts;
    /** The condition's clearing, kept until the actions are carried out. */
    private TriggerConditionCleared clearing;
    private List<String> alertIds = new ArrayList<>();
    private Set<String> openRuns = new HashSet<>();

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient RuleBook rules;
    @Autowired
    private transient IncidentSettings settings;
    @Autowired
    private transient Clock clock;
    @Autowired
    private transient Exemplars exemplars;
    @Autowired
    private transient DeadlineManager deadlines;

    @StartSaga
    @SagaEventHandler(associationProperty = CONDITION)
    void on(TriggerConditionMet met) {
        if (incidentId != null) {
            // the same rule and scope hold again while this incident lives: it is still the one incident
            if (cleared) {
                cleared = false;
                if (coolingDown) {
                    coolingDown = false;
                    deadlines.cancelAllWithinScope(COOL_DOWN);
                }
                send(new RecordIncidentRecurrence(incidentId, met.value(), met.at()));
            }
            return;
        }
        TriggerRule rule = rules.rule(met.rule()).orElse(null);
        IncidentPlan plan = IncidentPlan.of(rule, met, clock.instant(), exemplars::ofCluster);
        incidentId = plan.incidentId();
        condition = met;
        alertIds = new ArrayList<>(plan.alertIds());
        openRuns = new HashSet<>(plan.runIds());
        openRuns.forEach(run -> SagaLifecycle.associateWith(RUN, run));
        cleared = rule != null && rule.condition().isEvent();
        deadlines.schedule(settings.timeout(), TIMEOUT);
        carryOut(plan);
    }

    @DeadlineHandler(deadlineName = RETRY)
    void onRetry() {
        carryOut(IncidentPlan.of(rules.rule(condition.rule()).orElse(null), condition, clock.instant(), exemplars::ofCluster));
    }

    /** Sends the plan's commands; when one fails, tries the whole plan again later (what exists already is kept). */
    private void carryOut(IncidentPlan plan) {
        try {
            plan.commands().forEach(this::send);
        } catch (RuntimeException e) {
            attempts++;
            if (attempts < settings.maxAttempts()) {
                java.time.Duration delay = settings.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 10));
                log.warn("Incident {}: carrying out the actions of rule {} failed (attempt {} of {}); again in {}: {}",
                        incidentId, condition.rule(), attempts, settings.maxAttempts(), delay, e.toString());
                deadlines.schedule(delay, RETRY);
                return;
            }
            log.error("Incident {}: gave up carrying out the actions of rule {} after {} attempts", incidentId,
                    condition.rule(), attempts, e);
        }
        actionsCarriedOut = true;
        if (clearing != null) {
            clear(clearing);
        }
        endIfDone();
    }

    @SagaEventHandler(associationProperty = CONDITION)
    void on(TriggerConditionCleared event) {
        if (cleared) {
            return;
        }
        cleared = true;
        if (!actionsCarriedOut) {
            clearing = event;
            return;
        }
        clear(event);
        endIfDone();
    }

    private void clear(TriggerConditionCleared event) {
        clearing = null;
        send(new ClearIncident(incidentId, event.value(), event.at()));
        for (String alertId : alertIds) {
            send(new ResolveAlert(alertId, IncidentPlan.SYSTEM, "the condition cleared at " + event.at(), clock.instant()));
        }
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunJudged event) {
        runEnded(event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunFailed event) {
        runEnded(event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunTimedOut event) {
        runEnded(event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(PipelineRunCompleted event) {
        runEnded(event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(PipelineRunFailed event) {
        runEnded(event.runId());
    }

    @DeadlineHandler(deadlineName = COOL_DOWN)
    void onCoolDownOver() {
        coolingDown = false;
        close("work_done");
    }

    @DeadlineHandler(deadlineName = TIMEOUT)
    void onTimeout() {
        timedOut = true;
        close("timed_out");
    }

    private void runEnded(String runId) {
        openRuns.remove(runId);
        SagaLifecycle.removeAssociationWith(RUN, runId);
        endIfDone();
    }

    private void endIfDone() {
        if (!actionsCarriedOut || !cleared || !openRuns.isEmpty() || coolingDown) {
            return;
        }
        if (settings.coolDown().isZero()) {
            close("work_done");
        } else {
            coolingDown = true;
            deadlines.schedule(settings.coolDown(), COOL_DOWN);
        }
    }

    /** Cancels the deadlines still pending (not the one firing now), closes the incident and ends the saga. */
    private void close(String reason) {
        if (!timedOut) {
            deadlines.cancelAllWithinScope(TIMEOUT);
        }
        if (coolingDown) {
            deadlines.cancelAllWithinScope(COOL_DOWN);
        }
        if (!actionsCarriedOut) {
            deadlines.cancelAllWithinScope(RETRY);
        }
        send(new CloseIncident(incidentId, reason, clock.instant()));
        SagaLifecycle.end();
    }

    /** Waits for each command, so a failure is seen (and the actions tried again later); every command is idempotent. */
    private void send(Object command) {
        commands.sendAndWait(command, 30, TimeUnit.SECONDS);
    }
}
