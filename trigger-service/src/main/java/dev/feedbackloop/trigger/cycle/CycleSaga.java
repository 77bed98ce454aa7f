package dev.feedbackloop.trigger.cycle;

import dev.feedbackloop.kernel.cycle.CloseImprovementCycle;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CyclePhase;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.LinkCycleWork;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.ProposeSuccessCriteria;
import dev.feedbackloop.kernel.cycle.RankCycleBacklog;
import dev.feedbackloop.kernel.cycle.RecordCycleMeasurement;
import dev.feedbackloop.kernel.cycle.RecordCycleProblems;
import dev.feedbackloop.kernel.cycle.RecordCycleReview;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
import dev.feedbackloop.kernel.cycle.StartCyclePhase;
import dev.feedbackloop.kernel.cycle.UpdateEvaluationDataset;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TestCaseApproved;
import dev.feedbackloop.kernel.trigger.TestCaseCreated;
import dev.feedbackloop.kernel.trigger.TestCaseRejected;
import dev.feedbackloop.kernel.trigger.TestCaseRetired;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketPrioritized;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One agent's improvement cycle for one week, started by {@link ImprovementCycleOpened}. Only the next step's
 * deadline is ever scheduled: on open the review's; when a phase's deadline fires the saga starts the phase, runs its
 * machine part through the {@link CycleAnalyst} and records the result, then schedules the next phase's deadline (after
 * the measurement, the close's). Phases therefore run in order even when several deadlines are long past (a past week,
 * or a platform that was down): each runs as soon as the one before it has. Every command carries the phase's own
 * time, not the wall clock, so running a week again records the same thing. A phase whose machine part fails runs
 * again after {@code platform.cycles.retry-delay}.
 * <p>
 * Meanwhile the saga links the agent's work: tickets and test cases created (or approved) during the week are linked,
 * and the saga associates itself with each, so their later moves in the week are linked too.
 */
@Saga
@ProcessingGroup(CycleSaga.PROCESSING_GROUP)
public class CycleSaga {

    public static final String PROCESSING_GROUP = "trigger-cycle-saga";
    static final String PHASE_DEADLINE = "cycle-phase";
    static final String CLOSE_DEADLINE = "cycle-close";
    static final String CLOSE = "close";
    static final String CYCLE = "cycleId";
    static final String AGENT = "agentId";
    static final String TICKET = "ticketId";
    static final String TEST_CASE = "testCaseId";
    /** Who records what the saga found in the feedback. */
    static final String FEEDBACK = "feedback";

    private static final Logger log = LoggerFactory.getLogger(CycleSaga.class);

    private String cycleId;
    private String agentId;
    private String week;
    private String zone;
    private Instant startsAt;
    private Instant endsAt;
    /** The phase (wire name) whose deadline is pending, or {@value #CLOSE}. */
    private String pending;
    private String deployedVersion;
    private String previousVersion;
    private Instant deployedAt;

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient CycleAnalyst analyst;
    @Autowired
    private transient ApprovedTestCases approvedTestCases;
    @Autowired
    private transient CycleSettings settings;
    @Autowired
    private transient DeadlineManager deadlines;

    @StartSaga
    @SagaEventHandler(associationProperty = CYCLE)
    void on(ImprovementCycleOpened event) {
        if (cycleId != null) {
            return;
        }
        cycleId = event.cycleId();
        agentId = event.agentId();
        week = event.week();
        zone = event.zone();
        startsAt = event.startsAt();
        endsAt = event.endsAt();
        SagaLifecycle.associateWith(AGENT, agentId);
        schedule(CyclePhase.REVIEW);
    }

    @SagaEventHandler(associationProperty = CYCLE)
    void on(DeployedVersionRecorded event) {
        deployedVersion = event.version();
        previousVersion = event.previousVersion();
        deployedAt = event.deployedAt();
    }

    @DeadlineHandler(deadlineName = PHASE_DEADLINE)
    void onPhase(String phaseName) {
        if (!phaseName.equals(pending)) {
            return; // a deadline of a phase already run
        }
        CyclePhase phase = CyclePhase.fromWireName(phaseName).orElseThrow();
        Instant at = phaseAt(phase);
        try {
            send(new StartCyclePhase(cycleId, phase.wireName(), at));
            runMachinePart(phase, at);
        } catch (RuntimeException e) {
            log.warn("Cycle {} could not run its {} phase; it runs again in {}: {}", cycleId, phaseName,
                    settings.retryDelay(), e.toString());
            deadlines.schedule(settings.retryDelay(), PHASE_DEADLINE, phaseName);
            return;
        }
        Optional<CyclePhase> next = phase.next();
        if (next.isPresent()) {
            schedule(next.get());
        } else {
            pending = CLOSE;
            deadlines.schedule(closeAt(), CLOSE_DEADLINE);
        }
    }

    @DeadlineHandler(deadlineName = CLOSE_DEADLINE)
    void onClose() {
        if (!CLOSE.equals(pending)) {
            return;
        }
        Instant at = closeAt();
        try {
            Map<String, Double> thresholds = analyst.proposeSuccessCriteria(agentId, startsAt, at);
            send(new ProposeSuccessCriteria(cycleId, thresholds == null ? Map.of() : thresholds, at));
            send(new CloseImprovementCycle(cycleId, at));
        } catch (RuntimeException e) {
            log.warn("Cycle {} could not close; it tries again in {}: {}", cycleId, settings.retryDelay(), e.toString());
            deadlines.schedule(settings.retryDelay(), CLOSE_DEADLINE);
            return;
        }
        SagaLifecycle.end();
    }

    private void runMachinePart(CyclePhase phase, Instant at) {
        switch (phase) {
            case REVIEW -> {
                Instant previousWeek = startsAt.atZone(zoneId()).minusWeeks(1).toInstant();
                send(new RecordCycleReview(cycleId, analyst.review(agentId, previousWeek, startsAt), at));
            }
            case DEEP_DIVE -> send(new RecordCycleProblems(cycleId,
                    List.copyOf(analyst.problems(agentId, weekBefore(at), at)), at));
            case PRIORITIZATION -> send(new RankCycleBacklog(cycleId,
                    List.copyOf(analyst.backlog(agentId, weekBefore(at), at)), at));
            case IMPLEMENTATION -> send(new UpdateEvaluationDataset(EvaluationDataset.idOf(agentId), agentId,
                    List.copyOf(approvedTestCases.of(agentId)), cycleId, at));
            case MEASUREMENT -> measure(at);
        }
    }

    private void measure(Instant at) {
        Optional<CycleAnalyst.Deployment> deployment = deployedVersion != null
                ? Optional.of(new CycleAnalyst.Deployment(deployedVersion, previousVersion, deployedAt))
                : analyst.deployment(agentId, startsAt, at);
        if (deployment.isEmpty()) {
            log.info("Cycle {}: no version was deployed during {}, nothing to measure", cycleId, week);
            return;
        }
        CycleAnalyst.Deployment d = deployment.get();
        if (deployedVersion == null) {
            send(new RecordDeployedVersion(cycleId, d.version(), d.previousVersion(), d.deployedAt(), FEEDBACK, at));
        }
        if (d.previousVersion() == null) {
            log.info("Cycle {}: {} is the agent's first version, there is nothing to measure it against", cycleId,
                    d.version());
            return;
        }
        CycleMeasurement measurement = analyst.measure(agentId, d.previousVersion(), d.version(), d.deployedAt(), at);
        send(new RecordCycleMeasurement(cycleId, measurement, at));
        if ("worse".equals(measurement.verdict())) {
            send(worseTicket(measurement, at));
        }
    }

    private CreateTicket worseTicket(CycleMeasurement m, Instant at) {
        String worse = m.comparisons() == null ? "" : m.comparisons().stream()
                .filter(MetricComparison::significant)
                .map(c -> c.metric() + " " + c.before() + " -> " + c.after() + " (" + c.test() + ", p=" + c.pValue() + ")")
                .collect(Collectors.joining("; "));
        long volume = m.comparisons() == null ? 0
                : m.comparisons().stream().mapToLong(MetricComparison::afterCount).max().orElse(0);
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", agentId);
        scope.put("agent_version", m.deployedVersion());
        return new CreateTicket(worseTicketId(cycleId), null, agentId, "improvement_cycle",
                "Week " + week + ": " + m.deployedVersion() + " measured worse than " + m.previousVersion(),
                "The improvement cycle " + cycleId + " measured the deployed version " + m.deployedVersion()
                        + " against " + m.previousVersion() + ": worse. " + worse,
                Priority.HIGH, Severity.WARNING, volume, scope, at);
    }

    /** The ticket a worse verdict opens: one per cycle. */
    public static String worseTicketId(String cycleId) {
        return "tk-" + cycleId + "-worse";
    }

    @SagaEventHandler(associationProperty = AGENT)
    void on(TicketCreated event) {
        if (inWeek(event.createdAt())) {
            SagaLifecycle.associateWith(TICKET, event.ticketId());
            link("ticket", event.ticketId(), "open", event.createdAt());
        }
    }

    @SagaEventHandler(associationProperty = TICKET)
    void on(TicketPrioritized event) {
        if (inWeek(event.at())) {
            link("ticket", event.ticketId(), "prioritized", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TICKET)
    void on(TicketResolved event) {
        if (inWeek(event.at())) {
            link("ticket", event.ticketId(), "resolved", event.at());
        }
    }

    @SagaEventHandler(associationProperty = AGENT)
    void on(TestCaseCreated event) {
        if (inWeek(event.createdAt())) {
            SagaLifecycle.associateWith(TEST_CASE, event.testCaseId());
            link("test_case", event.testCaseId(), "proposed", event.createdAt());
        }
    }

    @SagaEventHandler(associationProperty = AGENT)
    void on(TestCaseApproved event) {
        if (inWeek(event.at())) {
            SagaLifecycle.associateWith(TEST_CASE, event.testCaseId());
            link("test_case", event.testCaseId(), "approved", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TEST_CASE)
    void on(TestCaseRejected event) {
        if (inWeek(event.at())) {
            link("test_case", event.testCaseId(), "rejected", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TEST_CASE)
    void on(TestCaseRetired event) {
        if (inWeek(event.at())) {
            link("test_case", event.testCaseId(), "retired", event.at());
        }
    }

    private void link(String kind, String workId, String state, Instant at) {
        send(new LinkCycleWork(cycleId, kind, workId, state, at));
    }

    private boolean inWeek(Instant at) {
        return at != null && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    private void schedule(CyclePhase phase) {
        pending = phase.wireName();
        deadlines.schedule(phaseAt(phase), PHASE_DEADLINE, phase.wireName());
    }

    private Instant phaseAt(CyclePhase phase) {
        return settings.at(startsAt, zoneId(), settings.offset(phase));
    }

    private Instant closeAt() {
        return settings.at(startsAt, zoneId(), settings.close());
    }

    private static Instant weekBefore(Instant at) {
        return at.minus(java.time.Duration.ofDays(7));
    }

    private ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** Waits for each command, so a failure fails the step and it is retried; every command is idempotent. */
    private void send(Object command) {
        commands.sendAndWait(command, 30, TimeUnit.SECONDS);
    }
}
