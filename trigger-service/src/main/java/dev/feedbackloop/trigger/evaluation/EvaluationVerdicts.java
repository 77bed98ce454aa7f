package dev.feedbackloop.trigger.evaluation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.EvaluationRunCompleted;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.EvaluationRunRequested;
import dev.feedbackloop.kernel.trigger.JudgeEvaluationRun;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.Verdict;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges every completed evaluation run against its baseline: the last run, by completion time, of the same agent
 * and dataset, of another agent version, that passed. The verdict ({@link Gates}) is sent as
 * {@link JudgeEvaluationRun}; a regression also opens a ticket whose id derives from the run's, so seeing the same
 * completion again (a replay) opens no second ticket, and the run ignores a second verdict. Nothing here reads the
 * clock: the verdict's time is the completion's. The runs it compares are kept in a collection of its own, written
 * by this processing group alone and in one sequence per agent, so a run always meets the verdicts of the runs
 * before it.
 */
@Component
@ProcessingGroup(EvaluationVerdicts.PROCESSING_GROUP)
@EnableConfigurationProperties(EvaluationSettings.class)
public class EvaluationVerdicts {

    public static final String PROCESSING_GROUP = "trigger-evaluation-verdicts";
    public static final String COLLECTION = "evaluation_verdict_runs";
    public static final String TICKET_RULE = "evaluation-regression";
    private static final String BATCH = EvaluationVerdicts.class.getName() + ".runs";
    private static final int CANDIDATES = 100;
    private static final Logger log = LoggerFactory.getLogger(EvaluationVerdicts.class);

    private final ReadModelWriter writer;
    private final CommandGateway commands;
    private final Gates gates;
    private final Duration timeout;

    public EvaluationVerdicts(ReadModelWriter writer, CommandGateway commands, EvaluationSettings settings,
                              PlatformProperties platform) {
        this.writer = writer;
        this.commands = commands;
        this.gates = settings.gates();
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    /**
     * One sequence per agent: a run meets the verdicts of the agent's earlier runs, and an event that is parked in
     * the dead-letter queue holds up that agent's verdicts only.
     */
    @Bean
    static ConfigurerModule verdictsInOneSequencePerAgent() {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(PROCESSING_GROUP, c -> EvaluationVerdicts::sequenceOf);
    }

    static Object sequenceOf(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof EvaluationRunRequested e) {
            return "agent:" + e.agentId();
        }
        if (payload instanceof EvaluationRunCompleted e) {
            return "agent:" + e.agentId();
        }
        if (payload instanceof EvaluationRunJudged e) {
            return "agent:" + e.agentId();
        }
        return event.getIdentifier();
    }

    /** A run as the verdicts see it; {@code verdict} is null until it completed and was judged. */
    record Run(String runId, String incidentId, String agentId, String agentVersion, String dataset,
               Instant completedAt, Map<String, Double> metrics, Verdict verdict) {
    }

    @EventHandler
    void on(EvaluationRunRequested event) {
        Run run = new Run(event.runId(), event.incidentId(), event.agentId(), event.agentVersion(), event.dataset(),
                null, null, null);
        writer.update(COLLECTION, Filters.eq("_id", event.runId()), Updates.combine(
                Updates.set("incident_id", event.incidentId()),
                Updates.set("agent_id", event.agentId()),
                Updates.set("agent_version", event.agentVersion()),
                Updates.set("dataset", event.dataset())), true);
        batch().putIfAbsent(event.runId(), run);
    }

    @EventHandler
    void on(EvaluationRunCompleted event) {
        Run requested = find(event.runId());
        Run baseline = baselineOf(event);
        Gates.Judgement judgement = gates.judge(event.metrics(), baseline == null ? null : baseline.metrics());
        Run completed = new Run(event.runId(), requested == null ? null : requested.incidentId(), event.agentId(),
                event.agentVersion(), event.dataset(), event.at(), event.metrics(), judgement.verdict());
        record(completed);
        for (Object command : commandsFor(completed, baseline, judgement)) {
            send(command);
        }
    }

    /** The verdict the run holds wins over the one worked out here (a replay under other gates, say). */
    @EventHandler
    void on(EvaluationRunJudged event) {
        writer.update(COLLECTION, Filters.eq("_id", event.runId()),
                Updates.set("verdict", event.verdict().wireName()), false);
        Run seen = batch().get(event.runId());
        if (seen != null) {
            batch().put(event.runId(), new Run(seen.runId(), seen.incidentId(), seen.agentId(), seen.agentVersion(),
                    seen.dataset(), seen.completedAt(), seen.metrics(), event.verdict()));
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    /** The verdict and, for a regression, the ticket: pure, so that it can be checked by hand. */
    static List<Object> commandsFor(Run run, Run baseline, Gates.Judgement judgement) {
        List<Object> out = new ArrayList<>();
        out.add(new JudgeEvaluationRun(run.runId(), judgement.verdict(), baseline == null ? null : baseline.runId(),
                judgement.reasons(), run.completedAt()));
        if (judgement.verdict() == Verdict.REGRESSED) {
            StringBuilder description = new StringBuilder("Evaluation run " + run.runId() + " of agent "
                    + run.agentId() + " version " + run.agentVersion() + " on dataset " + run.dataset()
                    + " regressed");
            description.append(baseline == null ? " (no earlier passing version to compare with):"
                    : " against run " + baseline.runId() + " of version " + baseline.agentVersion() + ":");
            judgement.reasons().forEach(reason -> description.append("\n- ").append(reason));
            Map<String, String> scope = new LinkedHashMap<>();
            scope.put("agent_version", run.agentVersion());
            scope.put("dataset", run.dataset());
            scope.put("evaluation_run_id", run.runId());
            if (baseline != null) {
                scope.put("baseline_run_id", baseline.runId());
            }
            out.add(new CreateTicket(ticketId(run.runId()), run.incidentId(), run.agentId(), TICKET_RULE,
                    "Evaluation of " + run.agentId() + " " + run.agentVersion() + " regressed",
                    description.toString(), Priority.HIGH, Severity.WARNING, 0, scope, run.completedAt()));
        }
        return out;
    }

    public static String ticketId(String runId) {
        return "tk-" + runId;
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (NoHandlerForCommandException e) {
            // Only the ticket may meet no handler: when the service runs without the ticket aggregate.
            if (!(command instanceof CreateTicket ticket)) {
                throw e;
            }
            log.warn("No handler for CreateTicket; ticket {} for a regressed evaluation run was not opened",
                    ticket.ticketId());
        }
    }

    private Run baselineOf(EvaluationRunCompleted event) {
        Map<String, Run> batch = batch();
        List<Run> candidates = new ArrayList<>();
        List<Document> stored = Flux.from(writer.collection(COLLECTION).find(Filters.and(
                                Filters.eq("agent_id", event.agentId()), Filters.eq("dataset", event.dataset()),
                                Filters.ne("agent_version", event.agentVersion()),
                                Filters.eq("verdict", Verdict.PASSED.wireName()), Filters.ne("_id", event.runId())))
                        .sort(Sorts.descending("completed_at", "_id")).limit(CANDIDATES))
                .collectList().block(timeout);
        for (Document doc : stored == null ? List.<Document>of() : stored) {
            String id = doc.getString("_id");
            if (!batch.containsKey(id)) {
                candidates.add(fromDocument(doc));
            }
        }
        batch.values().stream()
                .filter(r -> r.verdict() == Verdict.PASSED && r.completedAt() != null)
                .filter(r -> Objects.equals(r.agentId(), event.agentId()) && Objects.equals(r.dataset(), event.dataset()))
                .filter(r -> !Objects.equals(r.agentVersion(), event.agentVersion()) && !r.runId().equals(event.runId()))
                .forEach(candidates::add);
        return candidates.stream()
                .max(Comparator.comparing(Run::completedAt).thenComparing(Run::runId))
                .orElse(null);
    }

    private Run find(String runId) {
        Run seen = batch().get(runId);
        if (seen != null) {
            return seen;
        }
        List<Document> stored = Flux.from(writer.collection(COLLECTION).find(Filters.eq("_id", runId)).limit(1))
                .collectList().block(timeout);
        return stored == null || stored.isEmpty() ? null : fromDocument(stored.get(0));
    }

    private void record(Run run) {
        Document metrics = new Document();
        run.metrics().forEach(metrics::append);
        writer.update(COLLECTION, Filters.eq("_id", run.runId()), Updates.combine(
                Updates.set("incident_id", run.incidentId()),
                Updates.set("agent_id", run.agentId()),
                Updates.set("agent_version", run.agentVersion()),
                Updates.set("dataset", run.dataset()),
                Updates.set("completed_at", Date.from(run.completedAt())),
                Updates.set("metrics", metrics),
                Updates.set("verdict", run.verdict().wireName())), true);
        batch().put(run.runId(), run);
    }

    private static Run fromDocument(Document doc) {
        Map<String, Double> metrics = new HashMap<>();
        Document stored = doc.get("metrics", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> metrics.put(k, v instanceof Number n ? n.doubleValue() : null));
        }
        Date completedAt = doc.getDate("completed_at");
        String verdict = doc.getString("verdict");
        return new Run(doc.getString("_id"), doc.getString("incident_id"), doc.getString("agent_id"),
                doc.getString("agent_version"), doc.getString("dataset"),
                completedAt == null ? null : completedAt.toInstant(), metrics,
                verdict == null ? null : Verdict.valueOf(verdict.toUpperCase(java.util.Locale.ROOT)));
    }

    private Map<String, Run> batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new HashMap<>();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(BATCH, k -> new HashMap<String, Run>());
    }
}
