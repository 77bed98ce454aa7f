package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.AcceptSuccessCriteria;
import dev.feedbackloop.kernel.cycle.AddTriageNote;
import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.BacklogItemDecided;
import dev.feedbackloop.kernel.cycle.BacklogItemMoved;
import dev.feedbackloop.kernel.cycle.CloseImprovementCycle;
import dev.feedbackloop.kernel.cycle.CycleBacklogRanked;
import dev.feedbackloop.kernel.cycle.CycleMeasured;
import dev.feedbackloop.kernel.cycle.CyclePhase;
import dev.feedbackloop.kernel.cycle.CyclePhaseStarted;
import dev.feedbackloop.kernel.cycle.CycleProblemsCompiled;
import dev.feedbackloop.kernel.cycle.CycleReviewCompiled;
import dev.feedbackloop.kernel.cycle.CycleWorkLinked;
import dev.feedbackloop.kernel.cycle.DecideBacklogItem;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.ImprovementCycleClosed;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.LinkCycleWork;
import dev.feedbackloop.kernel.cycle.MoveBacklogItem;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import dev.feedbackloop.kernel.cycle.ProposeSuccessCriteria;
import dev.feedbackloop.kernel.cycle.RankCycleBacklog;
import dev.feedbackloop.kernel.cycle.RecordCycleMeasurement;
import dev.feedbackloop.kernel.cycle.RecordCycleProblems;
import dev.feedbackloop.kernel.cycle.RecordCycleReview;
import dev.feedbackloop.kernel.cycle.RecordDeployedVersion;
import dev.feedbackloop.kernel.cycle.StartCyclePhase;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaAccepted;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaProposed;
import dev.feedbackloop.kernel.cycle.TriageNoteAdded;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One agent's improvement cycle for one ISO week. Every command is validated, then applied only when it changes
 * something, so the saga may send each of its commands again:
 * <ul>
 * <li>opening it again changes nothing; every other command to a cycle never opened is NOT_FOUND;</li>
 * <li>phases only move forward, one at a time (starting the current or an earlier phase again changes nothing,
 * skipping one is WRONG_STATE);</li>
 * <li>a phase's machine result (review, problems, backlog, measurement) needs its phase started and is recorded once:
 * a second record changes nothing;</li>
 * <li>notes, links and the deployed version any time before close (the deployed version only before the
 * measurement); the backlog is moved and decided only once ranked; success criteria are proposed once and accepted
 * once, even after close (they are proposed at close);</li>
 * <li>close once; after it every other command is WRONG_STATE.</li>
 * </ul>
 */
@Aggregate
public class ImprovementCycle {

    /** The deterministic id of an agent's cycle for a week: {@code cy-<agentId>-<week>}. */
    public static String idOf(String agentId, String week) {
        return "cy-" + agentId + "-" + week;
    }

    public static final Set<String> DECISIONS = Set.of("accepted", "dropped");
    public static final Set<String> WORK_KINDS = Set.of("ticket", "test_case");

    @AggregateIdentifier
    private String stream;
    private String cycleId;
    private CyclePhase phase;
    private final Set<CyclePhase> recorded = EnumSet.noneOf(CyclePhase.class);
    private List<String> backlog;
    private final Map<String, String> decisions = new HashMap<>();
    private final Set<String> notes = new HashSet<>();
    private final Set<String> links = new HashSet<>();
    private String deployedVersion;
    private Map<String, Double> proposed;
    private Map<String, Double> accepted;
    private boolean closed;

    protected ImprovementCycle() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenImprovementCycle c) {
        require(!blank(c.cycleId()), "cycle_id is required");
        require(!blank(c.agentId()), "agent_id is required");
        require(IsoWeeks.isWeek(c.week()), "week must be an ISO week such as 2026-W48");
        require(!blank(c.zone()), "zone is required");
        try {
            ZoneId.of(c.zone());
        } catch (DateTimeException e) {
            throw invalid("zone must be a time zone id such as UTC or Europe/Berlin");
        }
        require(c.startsAt() != null && c.endsAt() != null && c.startsAt().isBefore(c.endsAt()),
                "starts_at and ends_at are required, starts_at before ends_at");
        require(c.openedAt() != null, "opened_at is required");
        if (stream != null) {
            return;
        }
        apply(new ImprovementCycleOpened(c.cycleId(), c.agentId(), c.week(), c.zone(), c.startsAt(), c.endsAt(),
                c.openedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartCyclePhase c) {
        requireOpen(c.cycleId());
        CyclePhase wanted = CyclePhase.fromWireName(c.phase())
                .orElseThrow(() -> invalid("phase must be one of review, deep_dive, prioritization, implementation, measurement"));
        require(c.at() != null, "at is required");
        if (phase != null && wanted.ordinal() <= phase.ordinal()) {
            return;
        }
        CyclePhase next = phase == null ? CyclePhase.REVIEW : phase.next().orElse(null);
        if (wanted != next) {
            throw new WrongState("cycle " + cycleId + " is in phase " + (phase == null ? "none" : phase.wireName())
                    + "; the next phase is " + next + ", not " + wanted.wireName());
        }
        apply(new CyclePhaseStarted(cycleId, wanted.wireName(), c.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCycleReview c) {
        requireOpen(c.cycleId());
        require(c.review() != null, "review is required");
        require(c.at() != null, "at is required");
        if (firstRecord(CyclePhase.REVIEW)) {
            apply(new CycleReviewCompiled(cycleId, c.review(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCycleProblems c) {
        requireOpen(c.cycleId());
        require(c.problems() != null, "problems is required");
        require(c.at() != null, "at is required");
        if (firstRecord(CyclePhase.DEEP_DIVE)) {
            apply(new CycleProblemsCompiled(cycleId, List.copyOf(c.problems()), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RankCycleBacklog c) {
        requireOpen(c.cycleId());
        require(c.items() != null, "items is required");
        require(c.at() != null, "at is required");
        Set<String> ids = new HashSet<>();
        for (BacklogItem item : c.items()) {
            require(item != null && !blank(item.itemId()), "every backlog item needs an item_id");
            require(ids.add(item.itemId()), "backlog item ids must be unique: " + item.itemId());
        }
        if (firstRecord(CyclePhase.PRIORITIZATION)) {
            apply(new CycleBacklogRanked(cycleId, List.copyOf(c.items()), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCycleMeasurement c) {
        requireOpen(c.cycleId());
        require(c.measurement() != null, "measurement is required");
        require(c.at() != null, "at is required");
        if (firstRecord(CyclePhase.MEASUREMENT)) {
            apply(new CycleMeasured(cycleId, c.measurement(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddTriageNote c) {
        requireOpen(c.cycleId());
        require(!blank(c.noteId()), "note_id is required");
        require(!blank(c.text()), "text is required");
        require(c.at() != null, "at is required");
        if (!notes.contains(c.noteId())) {
            apply(new TriageNoteAdded(cycleId, c.noteId(), c.author(), c.text(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(MoveBacklogItem c) {
        requireOpen(c.cycleId());
        require(c.at() != null, "at is required");
        int from = backlogItem(c.itemId());
        if (c.position() < 0 || c.position() >= backlog.size()) {
            throw invalid("position must be between 0 and " + (backlog.size() - 1));
        }
        if (from != c.position()) {
            apply(new BacklogItemMoved(cycleId, c.itemId(), c.position(), c.by(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DecideBacklogItem c) {
        requireOpen(c.cycleId());
        require(c.at() != null, "at is required");
        backlogItem(c.itemId());
        if (!DECISIONS.contains(c.decision())) {
            throw invalid("decision must be one of accepted, dropped");
        }
        if (!c.decision().equals(decisions.get(c.itemId()))) {
            apply(new BacklogItemDecided(cycleId, c.itemId(), c.decision(), c.by(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDeployedVersion c) {
        requireOpen(c.cycleId());
        require(!blank(c.version()), "version is required");
        require(c.deployedAt() != null, "deployed_at is required");
        require(c.at() != null, "at is required");
        if (recorded.contains(CyclePhase.MEASUREMENT)) {
            throw new WrongState("cycle " + cycleId + " is measured; the deployed version can no longer change");
        }
        if (!c.version().equals(deployedVersion)) {
            apply(new DeployedVersionRecorded(cycleId, c.version(), c.previousVersion(), c.deployedAt(), c.by(),
                    c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(LinkCycleWork c) {
        requireOpen(c.cycleId());
        require(WORK_KINDS.contains(c.kind()), "kind must be one of ticket, test_case");
        require(!blank(c.workId()), "work_id is required");
        require(!blank(c.state()), "state is required");
        require(c.at() != null, "at is required");
        if (!links.contains(linkKey(c.kind(), c.workId(), c.state(), c.at()))) {
            apply(new CycleWorkLinked(cycleId, c.kind(), c.workId(), c.state(), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ProposeSuccessCriteria c) {
        requireOpen(c.cycleId());
        requireThresholds(c.thresholds(), "thresholds");
        require(c.at() != null, "at is required");
        if (proposed == null) {
            apply(new SuccessCriteriaProposed(cycleId, new TreeMap<>(c.thresholds()), c.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AcceptSuccessCriteria c) {
        requireCreated(c.cycleId());
        require(!blank(c.by()), "by is required");
        require(c.at() != null, "at is required");
        if (c.thresholds() != null) {
            requireThresholds(c.thresholds(), "thresholds");
        }
        if (proposed == null) {
            throw new WrongState("cycle " + cycleId + " has no proposed success criteria yet; they are proposed at close");
        }
        Map<String, Double> thresholds = new TreeMap<>(c.thresholds() == null ? proposed : c.thresholds());
        if (accepted != null) {
            if (accepted.equals(thresholds)) {
                return;
            }
            throw new WrongState("cycle " + cycleId + " already has accepted success criteria");
        }
        apply(new SuccessCriteriaAccepted(cycleId, thresholds, c.by(), c.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CloseImprovementCycle c) {
        requireCreated(c.cycleId());
        require(c.at() != null, "at is required");
        if (closed) {
            return;
        }
        if (phase != CyclePhase.MEASUREMENT) {
            throw new WrongState("cycle " + cycleId + " is in phase " + (phase == null ? "none" : phase.wireName())
                    + "; it closes after the measurement");
        }
        apply(new ImprovementCycleClosed(cycleId, c.at()));
    }

    private boolean firstRecord(CyclePhase of) {
        if (phase == null || phase.ordinal() < of.ordinal()) {
            throw new WrongState("cycle " + cycleId + " has not started its " + of.wireName() + " phase yet");
        }
        return !recorded.contains(of);
    }

    private int backlogItem(String itemId) {
        if (backlog == null) {
            throw new WrongState("cycle " + cycleId + " has no ranked backlog yet; it is ranked in the prioritization phase");
        }
        int index = backlog.indexOf(itemId);
        if (index < 0) {
            throw WrongState.notFound("backlog item", itemId);
        }
        return index;
    }

    private void requireCreated(String id) {
        if (stream == null) {
            throw WrongState.notFound("improvement cycle", id);
        }
    }

    private void requireOpen(String id) {
        requireCreated(id);
        if (closed) {
            throw new WrongState("cycle " + cycleId + " is closed");
        }
    }

    private static void requireThresholds(Map<String, Double> thresholds, String field) {
        require(thresholds != null, field + " is required");
        thresholds.forEach((metric, value) -> {
            require(!blank(metric), field + " needs metric names");
            require(value != null && Double.isFinite(value), field + "." + metric + " must be a finite number");
        });
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String linkKey(String kind, String workId, String state, Instant at) {
        return kind + "\u0000" + workId + "\u0000" + state + "\u0000" + at;
    }

    @EventSourcingHandler
    void on(ImprovementCycleOpened e) {
        stream = Streams.improvementCycle(e.cycleId());
        cycleId = e.cycleId();
    }

    @EventSourcingHandler
    void on(CyclePhaseStarted e) {
        phase = CyclePhase.fromWireName(e.phase()).orElseThrow();
    }

    @EventSourcingHandler
    void on(CycleReviewCompiled e) {
        recorded.add(CyclePhase.REVIEW);
    }

    @EventSourcingHandler
    void on(CycleProblemsCompiled e) {
        recorded.add(CyclePhase.DEEP_DIVE);
    }

    @EventSourcingHandler
    void on(CycleBacklogRanked e) {
        recorded.add(CyclePhase.PRIORITIZATION);
        backlog = new ArrayList<>(e.items().stream().map(BacklogItem::itemId).toList());
    }

    @EventSourcingHandler
    void on(CycleMeasured e) {
        recorded.add(CyclePhase.MEASUREMENT);
    }

    @EventSourcingHandler
    void on(TriageNoteAdded e) {
        notes.add(e.noteId());
    }

    @EventSourcingHandler
    void on(BacklogItemMoved e) {
        backlog.remove(e.itemId());
        backlog.add(e.position(), e.itemId());
    }

    @EventSourcingHandler
    void on(BacklogItemDecided e) {
        decisions.put(e.itemId(), e.decision());
    }

    @EventSourcingHandler
    void on(DeployedVersionRecorded e) {
        deployedVersion = e.version();
    }

    @EventSourcingHandler
    void on(CycleWorkLinked e) {
        links.add(linkKey(e.kind(), e.workId(), e.state(), e.at()));
    }

    @EventSourcingHandler
    void on(SuccessCriteriaProposed e) {
        proposed = new LinkedHashMap<>(e.thresholds());
    }

    @EventSourcingHandler
    void on(SuccessCriteriaAccepted e) {
        accepted = new TreeMap<>(e.thresholds());
    }

    @EventSourcingHandler
    void on(ImprovementCycleClosed e) {
        closed = true;
    }
}
