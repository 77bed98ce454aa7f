package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.support.ops.PeriodicTask;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.analysis.metrics.Slices;
import dev.feedbackloop.analysis.drift.Psi;
import dev.feedbackloop.kernel.analysis.DriftHistograms;
import dev.feedbackloop.kernel.analysis.FindDriftHistograms;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import org.axonframework.queryhandling.QueryHandler;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates each agent hour by hour in event time. An agent's hour boundary {@code H} is evaluated once its
 * watermark (the latest event time folded into its metrics, minus the allowed lateness) has passed it, so the hour's
 * data is complete; an agent that sent nothing for a while is evaluated up to the wall clock instead. Hours are
 * evaluated in order and each result goes to the agent's {@link AgentMonitor}, which ignores hours it already has:
 * a back-fill yields the events a live stream would have, and a crash mid-run only repeats harmless work.
 * Runs every {@code platform.monitor.evaluation-interval} on every instance; when several instances evaluate the
 * same hour, the monitor records it once (the others' commands change nothing or conflict and are retried later).
 */
@Component
@EnableConfigurationProperties(MonitorSettings.class)
public class MonitorEvaluator implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitorEvaluator.class);
    static final String PROGRESS = "monitor_progress";

    private final ReadModelWriter readModels;
    private final Slices slices;
    private final CommandGateway commands;
    private final RuleBook rules;
    private final MonitorSettings settings;
    private final Clock clock;
    private final Duration timeout;

    public MonitorEvaluator(ReadModelWriter readModels, Slices slices, CommandGateway commands, RuleBook rules,
                            MonitorSettings settings, Clock clock, PlatformProperties platform) {
        this.readModels = readModels;
        this.slices = slices;
        this.commands = commands;
        this.rules = rules;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    private PeriodicTask task;

    @Override
    public synchronized void start() {
        task = new PeriodicTask("monitor-evaluation", settings.evaluationInterval(), this::evaluateAll);
        task.start();
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.stop();
            task = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }

    /** Evaluates every agent up to its watermark; returns how many hours were evaluated. */
    public int evaluateAll() {
        List<Document> agents = Flux.from(readModels.collection(MetricsProjection.WATERMARKS).find())
                .collectList().block(timeout);
        int evaluated = 0;
        for (Document agent : agents == null ? List.<Document>of() : agents) {
            try {
                evaluated += evaluate(agent);
            } catch (RuntimeException e) {
                log.warn("Evaluating agent {} failed; the next run retries", agent.get("_id"), e);
            }
        }
        return evaluated;
    }

    /** The last hour boundary an agent's data is complete up to. */
    Instant evaluableUpTo(Document watermark) {
        Instant now = clock.instant();
        Instant upTo = watermark.getDate("max_event_time").toInstant().minus(settings.lateness());
        Instant lastApplied = watermark.getDate("last_applied_at").toInstant();
        if (Duration.between(lastApplied, now).compareTo(settings.idleAfter()) > 0) {
            Instant byClock = now.minus(settings.lateness());
            upTo = byClock.isAfter(upTo) ? byClock : upTo;
        }
        return AgentHistory.floorHour(upTo);
    }

    int evaluate(Document watermark) {
        String agentId = watermark.getString("_id");
        Instant upTo = evaluableUpTo(watermark);
        Document progress = Mono.from(readModels.collection(PROGRESS).find(Filters.eq("_id", agentId)).first())
                .block(timeout);
        Instant from = progress != null
                ? progress.getDate("evaluated_up_to").toInstant().plus(AgentHistory.HOUR)
                : AgentHistory.floorHour(watermark.getDate("first_event_time").toInstant()).plus(AgentHistory.HOUR);
        if (from.isAfter(upTo)) {
            return 0;
        }
        Instant to = from.plus(AgentHistory.HOUR.multipliedBy(settings.maxHoursPerRun() - 1L));
        to = to.isAfter(upTo) ? upTo : to;
        AgentHistory history = load(agentId, from, to);
        int evaluated = 0;
        for (Instant at = from; !at.isAfter(to); at = at.plus(AgentHistory.HOUR)) {
            RecordEvaluation evaluation = history.evaluate(at);
            commands.sendAndWait(evaluation, timeout.toMillis(), TimeUnit.MILLISECONDS);
            evaluated++;
        }
        Instant done = to;
        Mono.from(readModels.collection(PROGRESS).replaceOne(Filters.eq("_id", agentId),
                new Document("_id", agentId).append("evaluated_up_to", Date.from(done)),
                new ReplaceOptions().upsert(true))).block(timeout);
        log.debug("Agent {} evaluated from {} to {}", agentId, from, to);
        return evaluated;
    }

    /** The histograms behind a feature's PSI at the agent's latest evaluation, recomputed from the slices. */
    @QueryHandler
    public java.util.Optional<DriftHistograms> handle(FindDriftHistograms query) {
        Document progress = Mono.from(readModels.collection(PROGRESS).find(Filters.eq("_id", query.agentId())).first())
                .block(timeout);
        if (progress == null) {
            return java.util.Optional.empty();
        }
        Instant at = progress.getDate("evaluated_up_to").toInstant();
        AgentHistory history = load(query.agentId(), at, at);
        history.evaluate(at);
        AgentHistory.Window reference = history.reference();
        AgentHistory.Window current = history.current();
        Psi.Result result = history.compare(query.feature(), reference, current);
        return java.util.Optional.of(new DriftHistograms(query.agentId(), query.feature(), at, reference.from,
                reference.to, current.from, history.bins(query.feature()).labels(), shares(result.referenceShares()),
                shares(result.currentShares()), reference.feedback, current.feedback,
                Double.isNaN(result.value()) ? null : AgentHistory.round(result.value())));
    }

    private static List<Double> shares(double[] shares) {
        return java.util.Arrays.stream(shares).map(AgentHistory::round).boxed().toList();
    }

    /** The agent's slices needed to evaluate [from, to], with its pinned baseline if any. */
    AgentHistory load(String agentId, Instant from, Instant to) {
        Document pin = Mono.from(readModels.collection(MonitorProjection.BASELINES).find(Filters.eq("_id", agentId)).first())
                .block(timeout);
        boolean pinned = pin != null && Boolean.TRUE.equals(pin.getBoolean("active"));
        Instant pinnedFrom = pinned ? pin.getDate("from").toInstant() : null;
        Instant pinnedTo = pinned ? pin.getDate("to").toInstant() : null;
        Instant loadFrom = from.minus(AgentHistory.lookback(rules, settings));
        List<String> ids = new java.util.ArrayList<>(Slices.ids(agentId, loadFrom, to, AgentHistory.HOUR));
        if (pinnedFrom != null) {
            Slices.ids(agentId, pinnedFrom, pinnedTo, AgentHistory.HOUR).stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        }
        List<Document> metrics = slices.fetch(MetricsProjection.HOURLY, ids).flatMapIterable(MetricsProjection::series)
                .collectList().block(timeout);
        List<Document> features = slices.fetch(MetricsProjection.FEATURES, ids).collectList().block(timeout);
        return new AgentHistory(agentId, rules, settings, pinnedFrom, pinnedTo, metrics, features);
    }
}
