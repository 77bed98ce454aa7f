package dev.feedbackloop.improvement.cycle;

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
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One agent's improvement cycle for one week, started by {@link ImprovementCycleOpened}. Only the next step's
 * deadline is ever scheduled: on open the review's; when a phase's deadline fires the saga starts the phase, runs its
 * machine part through the {@link CycleAnalyst} and sends the result; once the bus has taken every command of the
 * phase, a {@value #STEP_DONE} deadline brings that news back into the saga, which then schedules the next phase's
 * deadline (after the measurement, the close's). Phases therefore run in order even when several deadlines are long
 * past (a past week, or a platform that was down): each runs as soon as the one before it has. Every command carries
 * the phase's own time, not the wall clock, so running a week again records the same thing. A phase whose machine
 * part or one of whose commands fails runs again after {@code platform.cycles.retry-delay}; every command is
 * idempotent.
 * <p>
 * Commands are sent without waiting for them: the handler returns, and what the bus answers later arrives as a
 * deadline (done, or the phase again), since only a handler may change the saga. Infrastructure arrives as handler
 * parameters, so the stored saga holds only the fields below.
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
    /** A step's commands were all carried out; the payload names the step (a phase's wire name, or close). */
    static final String STEP_DONE = "cycle-step-done";
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
    /** The step whose deadline is pending or whose commands are under way: a phase's wire name, or {@value #CLOSE}. */
    private String pending;
    private String deployedVersion;
    private String previousVersion;
    private Instant deployedAt;

    @StartSaga
    @SagaEventHandler(associationProperty = CYCLE)
    void on(ImprovementCycleOpened event, DeadlineManager deadlines, CycleSettings settings) {
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
        schedule(CyclePhase.REVIEW, deadlines, settings);
    }

    @SagaEventHandler(associationProperty = CYCLE)
    void on(DeployedVersionRecorded event) {
        deployedVersion = event.version();
        previousVersion = event.previousVersion();
        deployedAt = event.deployedAt();
    }

    @DeadlineHandler(deadlineName = PHASE_DEADLINE)
    void onPhase(String phaseName, CommandGateway commands, CycleAnalyst analyst, ApprovedTestCases approvedTestCases,
                 CycleSettings settings, DeadlineManager deadlines) {
        if (!phaseName.equals(pending)) {
            return; // a deadline of a phase already run
        }
        CyclePhase phase = CyclePhase.fromWireName(phaseName).orElseThrow();
        Instant at = phaseAt(phase, settings);
        CompletableFuture<?> started = send(commands, new StartCyclePhase(cycleId, phase.wireName(), at));
        List<Object> results;
        try {
            results = machinePart(phase, at, analyst, approvedTestCases);
        } catch (RuntimeException e) {
            log.warn("Cycle {} could not run its {} phase; it runs again in {}: {}", cycleId, phaseName,
                    settings.retryDelay(), e.toString());
            deadlines.schedule(settings.retryDelay(), PHASE_DEADLINE, phaseName);
            return;
        }
        carryOut(phaseName, started, results, commands, deadlines, settings, PHASE_DEADLINE, phaseName);
    }

    /** The deadline comes first: Axon takes a handler's first parameter for its payload, and this deadline has none. */
    @DeadlineHandler(deadlineName = CLOSE_DEADLINE)
    void onClose(DeadlineMessage<?> deadline, CommandGateway commands, CycleAnalyst analyst, CycleSettings settings,
                 DeadlineManager deadlines) {
        if (!CLOSE.equals(pending)) {
            return;
        }
        Instant at = closeAt(settings);
        Map<String, Double> thresholds;
        try {
            thresholds = analyst.proposeSuccessCriteria(agentId, startsAt, at);
        } catch (RuntimeException e) {
            log.warn("Cycle {} could not close; it tries again in {}: {}", cycleId, settings.retryDelay(), e.toString());
            deadlines.schedule(settings.retryDelay(), CLOSE_DEADLINE);
            return;
        }
        carryOut(CLOSE, send(commands, new ProposeSuccessCriteria(cycleId, thresholds == null ? Map.of() : thresholds, at)),
                List.of(new CloseImprovementCycle(cycleId, at)), commands, deadlines, settings, CLOSE_DEADLINE, null);
    }

    /**
     * Sends {@code rest} one after the other once {@code first} is done, then reports the outcome back to this saga: a
     * {@value #STEP_DONE} deadline for {@code step}, or, when a command failed, the step's own deadline
     * ({@code retryName}, {@code retryPayload}) after the retry delay.
     */
    private void carryOut(String step, CompletableFuture<?> first, List<Object> rest, CommandGateway commands,
                          DeadlineManager deadlines, CycleSettings settings, String retryName, Object retryPayload) {
        CompletableFuture<?> sent = first;
        for (Object command : rest) {
            sent = sent.thenCompose(previous -> send(commands, command));
        }
        // the answer may come on another thread, after this handler: the saga is addressed by its scope then
        ScopeDescriptor saga = SagaLifecycle.describeCurrentScope();
        String cycle = cycleId;
        sent.whenComplete((result, failure) -> {
            if (failure == null) {
                deadlines.schedule(Duration.ZERO, STEP_DONE, step, saga);
            } else {
                log.warn("Cycle {}: a command of its {} step failed; the step runs again in {}: {}", cycle, step,
                        settings.retryDelay(), failure.toString());
                deadlines.schedule(settings.retryDelay(), retryName, retryPayload, saga);
            }
        });
    }

    @DeadlineHandler(deadlineName = STEP_DONE)
    void onStepDone(String step, CycleSettings settings, DeadlineManager deadlines) {
        if (!step.equals(pending)) {
            return; // the news of a step run twice
        }
        if (CLOSE.equals(step)) {
            SagaLifecycle.end();
            return;
        }
        Optional<CyclePhase> next = CyclePhase.fromWireName(step).orElseThrow().next();
        if (next.isPresent()) {
            schedule(next.get(), deadlines, settings);
        } else {
            pending = CLOSE;
            deadlines.schedule(closeAt(settings), CLOSE_DEADLINE);
        }
    }

    /** The commands recording a phase's machine part; asking the analyst may fail, and then the phase runs again. */
    private List<Object> machinePart(CyclePhase phase, Instant at, CycleAnalyst analyst,
                                     ApprovedTestCases approvedTestCases) {
        return switch (phase) {
            case REVIEW -> {
                Instant previousWeek = startsAt.atZone(zoneId()).minusWeeks(1).toInstant();
                yield List.of(new RecordCycleReview(cycleId, analyst.review(agentId, previousWeek, startsAt), at));
            }
            case DEEP_DIVE -> List.of(new RecordCycleProblems(cycleId,
                    List.copyOf(analyst.problems(agentId, weekBefore(at), at)), at));
            case PRIORITIZATION -> List.of(new RankCycleBacklog(cycleId,
                    List.copyOf(analyst.backlog(agentId, weekBefore(at), at)), at));
            case IMPLEMENTATION -> List.of(new UpdateEvaluationDataset(EvaluationDataset.idOf(agentId), agentId,
                    List.copyOf(approvedTestCases.of(agentId)), cycleId, at));
            case MEASUREMENT -> measure(at, analyst);
        };
    }

    private List<Object> measure(Instant at, CycleAnalyst analyst) {
        Optional<CycleAnalyst.Deployment> deployment = deployedVersion != null
                ? Optional.of(new CycleAnalyst.Deployment(deployedVersion, previousVersion, deployedAt))
                : analyst.deployment(agentId, startsAt, at);
        if (deployment.isEmpty()) {
            log.info("Cycle {}: no version was deployed during {}, nothing to measure", cycleId, week);
            return List.of();
        }
        CycleAnalyst.Deployment d = deployment.get();
        List<Object> out = new ArrayList<>();
        if (deployedVersion == null) {
            out.add(new RecordDeployedVersion(cycleId, d.version(), d.previousVersion(), d.deployedAt(), FEEDBACK, at));
        }
        if (d.previousVersion() == null) {
            log.info("Cycle {}: {} is the agent's first version, there is nothing to measure it against", cycleId,
                    d.version());
            return out;
        }
        CycleMeasurement measurement = analyst.measure(agentId, d.previousVersion(), d.version(), d.deployedAt(), at);
        out.add(new RecordCycleMeasurement(cycleId, measurement, at));
        if ("worse".equals(measurement.verdict())) {
            out.add(worseTicket(measurement, at));
        }
        return out;
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
    void on(TicketCreated event, CommandGateway commands) {
        if (inWeek(event.createdAt())) {
            SagaLifecycle.associateWith(TICKET, event.ticketId());
            link(commands, "ticket", event.ticketId(), "open", event.createdAt());
        }
    }

    @SagaEventHandler(associationProperty = TICKET)
    void on(TicketPrioritized event, CommandGateway commands) {
        if (inWeek(event.at())) {
            link(commands, "ticket", event.ticketId(), "prioritized", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TICKET)
    void on(TicketResolved event, CommandGateway commands) {
        if (inWeek(event.at())) {
            link(commands, "ticket", event.ticketId(), "resolved", event.at());
        }
    }

    @SagaEventHandler(associationProperty = AGENT)
    void on(TestCaseCreated event, CommandGateway commands) {
        if (inWeek(event.createdAt())) {
            SagaLifecycle.associateWith(TEST_CASE, event.testCaseId());
            link(commands, "test_case", event.testCaseId(), "proposed", event.createdAt());
        }
    }

    @SagaEventHandler(associationProperty = AGENT)
    void on(TestCaseApproved event, CommandGateway commands) {
        if (inWeek(event.at())) {
            SagaLifecycle.associateWith(TEST_CASE, event.testCaseId());
            link(commands, "test_case", event.testCaseId(), "approved", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TEST_CASE)
    void on(TestCaseRejected event, CommandGateway commands) {
        if (inWeek(event.at())) {
            link(commands, "test_case", event.testCaseId(), "rejected", event.at());
        }
    }

    @SagaEventHandler(associationProperty = TEST_CASE)
    void on(TestCaseRetired event, CommandGateway commands) {
        if (inWeek(event.at())) {
            link(commands, "test_case", event.testCaseId(), "retired", event.at());
        }
    }

    /** Links work without waiting; a link that fails is logged, as the saga's event handling would log it. */
    private void link(CommandGateway commands, String kind, String workId, String state, Instant at) {
        String cycle = cycleId;
        send(commands, new LinkCycleWork(cycleId, kind, workId, state, at)).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("Cycle {}: linking {} {} ({}) failed: {}", cycle, kind, workId, state, failure.toString());
            }
        });
    }

    private boolean inWeek(Instant at) {
        return at != null && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    private void schedule(CyclePhase phase, DeadlineManager deadlines, CycleSettings settings) {
        pending = phase.wireName();
        deadlines.schedule(phaseAt(phase, settings), PHASE_DEADLINE, phase.wireName());
    }

    private Instant phaseAt(CyclePhase phase, CycleSettings settings) {
        return settings.at(startsAt, zoneId(), settings.offset(phase));
    }

    private Instant closeAt(CycleSettings settings) {
        return settings.at(startsAt, zoneId(), settings.close());
    }

    private static Instant weekBefore(Instant at) {
        return at.minus(Duration.ofDays(7));
    }

    private ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** Sends a command without waiting for it; the future completes with the bus's answer, a refused dispatch too. */
    private static CompletableFuture<Object> send(CommandGateway commands, Object command) {
        try {
            return commands.send(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
