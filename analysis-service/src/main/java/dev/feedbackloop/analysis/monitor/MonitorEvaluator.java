package dev.feedbackloop.analysis.monitor;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.feedbackloop.analysis.limits.CollectionSource;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.drift.Psi;
import dev.feedbackloop.analysis.metrics.MetricCounts;
import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.analysis.metrics.Slices;
import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.analysis.DriftHistograms;
import dev.feedbackloop.kernel.analysis.FindDriftHistograms;
import dev.feedbackloop.kernel.analysis.RecordConditions;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.ops.PeriodicTask;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates each agent in event time, on four tracks, each with its own progress (in {@value #PROGRESS}):
 * <ul>
 *   <li>hourly on feedback: drift and the rules stepping by the hour, an hour boundary {@code H} at a time
 *   ({@link RecordEvaluation});</li>
 *   <li>each minute on feedback: the rules stepping by the minute, from the minute slices;</li>
 *   <li>each minute and each hour on interactions: the rules on operational metrics, from the
 *   {@link InteractionHistory}.</li>
 * </ul>
 * A step is evaluated once the track's watermark (the latest event time folded in, minus the allowed lateness) has
 * passed it, so its data is complete; an agent that sent nothing for a while is evaluated up to the wall clock
 * instead. Steps are evaluated in order and the results go to the agent's {@link AgentMonitor}, which ignores what
 * it already has: a back-fill yields the events a live stream would have, and a crash mid-run only repeats harmless
 * work. Runs every {@code platform.monitor.evaluation-interval} on every instance; when several instances evaluate
 * the same steps, the monitor records them once.
 */
@Component
@EnableConfigurationProperties(MonitorSettings.class)
public class MonitorEvaluator implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitorEvaluator.class);
    static final String PROGRESS = "monitor_progress";
    static final String FEEDBACK_MINUTES = "feedback_minutes_up_to";
    static final String INTERACTION_MINUTES = "interaction_minutes_up_to";
    static final String INTERACTION_HOURS = "interaction_hours_up_to";
    static final Duration MINUTE = RuleCondition.MINUTE;
    /** How many hours of minute slices one run deletes at most per agent. */
    static final int PRUNE_PER_RUN = 30 * 24;

    private final ReadModelWriter readModels;
    private final Slices slices;
    private final CommandGateway commands;
    private final RuleBook rules;
    private final MonitorSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final QueryLimits limits;
    private final InteractionHistory interactions;
    private final List<TriggerRule> minuteFeedbackRules;
    private final List<TriggerRule> interactionMinuteRules;
    private final List<TriggerRule> interactionHourRules;

    public MonitorEvaluator(ReadModelWriter readModels, Slices slices, CommandGateway commands, RuleBook rules,
                            MonitorSettings settings, Clock clock, PlatformProperties platform, QueryLimits limits,
                            ObjectProvider<InteractionHistory> interactions) {
        this.readModels = readModels;
        this.slices = slices;
        this.commands = commands;
        this.rules = rules;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
        this.limits = limits;
        this.interactions = interactions.getIfAvailable(() -> InteractionHistory.NONE);
        this.minuteFeedbackRules = rulesOn(rules, Metric.Source.FEEDBACK, MINUTE);
        this.interactionMinuteRules = rulesOn(rules, Metric.Source.INTERACTIONS, MINUTE);
        this.interactionHourRules = rulesOn(rules, Metric.Source.INTERACTIONS, RuleCondition.HOUR);
        Duration minuteLookback = minuteLookback(minuteFeedbackRules);
        if (minuteLookback.plus(RuleCondition.HOUR).compareTo(settings.minuteRetention()) > 0) {
            throw new IllegalStateException("platform.monitor.minute-retention (" + settings.minuteRetention()
                    + ") must be longer than the look-back of the rules evaluated each minute on feedback ("
                    + minuteLookback + " plus an hour); raise it or shorten the rules' window or duration");
        }
        if (this.interactions == InteractionHistory.NONE
                && !(interactionMinuteRules.isEmpty() && interactionHourRules.isEmpty())) {
            log.warn("No interaction history is configured: the rules on operational metrics ({}) see no data",
                    String.join(", ", java.util.stream.Stream.concat(interactionMinuteRules.stream(),
                            interactionHourRules.stream()).map(TriggerRule::name).toList()));
        }
    }

    static List<TriggerRule> rulesOn(RuleBook rules, Metric.Source source, Duration step) {
        return rules.rules().stream().filter(r -> !r.condition().isEvent()
                && r.condition().measure().source() == source && r.condition().step().equals(step)).toList();
    }

    /** How far before a minute evaluation the minute data must reach (the baseline is read from hours). */
    static Duration minuteLookback(List<TriggerRule> rules) {
        Duration longest = Duration.ZERO;
        for (TriggerRule rule : rules) {
            RuleCondition c = rule.condition();
            Duration needed = c.window().plus(c.duration()).plus(ConditionEngine.sinceHorizon(c.step()));
            longest = needed.compareTo(longest) > 0 ? needed : longest;
        }
        return longest;
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

    /** Evaluates every agent up to its watermarks; returns how many steps were evaluated. */
    public int evaluateAll() {
        List<Document> agents = Flux.from(readModels.collection(MetricsProjection.WATERMARKS).find())
                .collectList().block(timeout);
        int evaluated = 0;
        for (Document agent : agents == null ? List.<Document>of() : agents) {
            try {
                evaluated += evaluate(agent);
                if (!minuteFeedbackRules.isEmpty()) {
                    evaluated += evaluateFeedbackMinutes(agent);
                }
                pruneMinutes(agent);
            } catch (RuntimeException e) {
                log.warn("Evaluating agent {} failed; the next run retries", agent.get("_id"), e);
            }
        }
        if (!interactionMinuteRules.isEmpty() || !interactionHourRules.isEmpty()) {
            for (InteractionHistory.Activity activity : interactions.agents()) {
                try {
                    evaluated += evaluateInteractions(activity);
                } catch (RuntimeException e) {
                    log.warn("Evaluating the interactions of agent {} failed; the next run retries", activity.agentId(), e);
                }
            }
        }
        return evaluated;
    }

    /** The latest event time an agent's data is complete up to, by its watermark or, when it is idle, the clock. */
    Instant complete(Instant maxEventTime, Instant lastAppliedAt) {
        Instant now = clock.instant();
        Instant upTo = maxEventTime.minus(settings.lateness());
        if (lastAppliedAt != null && Duration.between(lastAppliedAt, now).compareTo(settings.idleAfter()) > 0) {
            Instant byClock = now.minus(settings.lateness());
            upTo = byClock.isAfter(upTo) ? byClock : upTo;
        }
        return upTo;
    }

    /** The last hour boundary an agent's feedback is complete up to. */
    Instant evaluableUpTo(Document watermark) {
        return AgentHistory.floorHour(complete(watermark.getDate("max_event_time").toInstant(),
                watermark.getDate("last_applied_at").toInstant()));
    }

    private Document progress(String agentId) {
        return Mono.from(readModels.collection(PROGRESS).find(Filters.eq("_id", agentId)).first()).block(timeout);
    }

    private void saveProgress(String agentId, String field, Instant upTo) {
        Mono.from(readModels.collection(PROGRESS).updateOne(Filters.eq("_id", agentId),
                Updates.set(field, Date.from(upTo)), new UpdateOptions().upsert(true))).block(timeout);
    }

    /** The first step to evaluate: after the progress, or the first whole step after the agent's first data. */
    private static Instant next(Document progress, String field, Instant firstData, Duration step) {
        Date done = progress == null ? null : progress.getDate(field);
        if (done != null) {
            return done.toInstant().plus(step);
        }
        return floor(firstData, step).plus(step);
    }

    static Instant floor(Instant t, Duration step) {
        return t.truncatedTo(step.equals(MINUTE) ? ChronoUnit.MINUTES : ChronoUnit.HOURS);
    }

    int evaluate(Document watermark) {
        String agentId = watermark.getString("_id");
        Instant upTo = evaluableUpTo(watermark);
        Document progress = progress(agentId);
        Instant firstData = watermark.getDate("first_event_time").toInstant();
        Instant from = next(progress, "evaluated_up_to", firstData, AgentHistory.HOUR);
        if (from.isAfter(upTo)) {
            return 0;
        }
        Instant to = from.plus(AgentHistory.HOUR.multipliedBy(settings.maxHoursPerRun() - 1L));
        to = to.isAfter(upTo) ? upTo : to;
        AgentHistory history = load(readModels::collection, agentId, from, to, firstData);
        int evaluated = 0;
        for (Instant at = from; !at.isAfter(to); at = at.plus(AgentHistory.HOUR)) {
            RecordEvaluation evaluation = history.evaluate(at);
            commands.sendAndWait(evaluation, timeout.toMillis(), TimeUnit.MILLISECONDS);
            evaluated++;
        }
        if (progress == null || progress.getDate("evaluated_up_to") == null) {
            // feedback new to the monitor: its minutes are evaluated from its first data too (see
            // evaluateFeedbackMinutes), also when the agent is known already by its traces (their progress is in the
            // same document); otherwise its minutes would start after the hours this first run evaluated
            Date firstMinute = Date.from(Buckets.floorMinute(firstData));
            boolean minutesStarted = progress != null && progress.getDate(FEEDBACK_MINUTES) != null;
            Mono.from(readModels.collection(PROGRESS).updateOne(Filters.eq("_id", agentId), Updates.combine(
                    Updates.set("evaluated_up_to", Date.from(to)),
                    minutesStarted ? Updates.setOnInsert(FEEDBACK_MINUTES, firstMinute) : Updates.set(FEEDBACK_MINUTES, firstMinute)),
                    new UpdateOptions().upsert(true))).block(timeout);
        } else {
            saveProgress(agentId, "evaluated_up_to", to);
        }
        log.debug("Agent {} evaluated from {} to {}", agentId, from, to);
        return evaluated;
    }

    /** The rules stepping by the minute on feedback, from the minute slices (and the hourly ones for baselines). */
    int evaluateFeedbackMinutes(Document watermark) {
        String agentId = watermark.getString("_id");
        Instant upTo = Buckets.floorMinute(complete(watermark.getDate("max_event_time").toInstant(),
                watermark.getDate("last_applied_at").toInstant()));
        Instant firstData = watermark.getDate("first_event_time").toInstant();
        Document progress = progress(agentId);
        Instant from = progress != null && progress.getDate(FEEDBACK_MINUTES) == null
                && progress.getDate("evaluated_up_to") != null
                // an agent evaluated before there were minute slices: they begin about where its hours are
                ? progress.getDate("evaluated_up_to").toInstant().plus(MINUTE)
                : next(progress, FEEDBACK_MINUTES, firstData, MINUTE);
        if (from.isAfter(upTo)) {
            return 0;
        }
        Instant to = min(upTo, from.plus(Duration.ofHours(settings.maxHoursPerRun())).minus(MINUTE));
        ScopedBuckets<MetricCounts> buckets = AgentHistory.feedbackBuckets(minuteFeedbackRules);
        Instant hoursFrom = AgentHistory.floorHour(from.minus(lookback(minuteFeedbackRules)));
        Instant minutesFrom = AgentHistory.floorHour(from.minus(minuteLookback(minuteFeedbackRules)));
        slices.fetch(MetricsProjection.HOURLY, Slices.ids(agentId, hoursFrom, to, AgentHistory.HOUR))
                .flatMapIterable(MetricsProjection::series).collectList().blockOptional(timeout).orElse(List.of())
                .forEach(series -> AgentHistory.addSeries(buckets, series, false));
        slices.fetch(MetricsProjection.MINUTELY, Slices.ids(agentId, minutesFrom, to, AgentHistory.HOUR))
                .flatMapIterable(MetricsProjection::minuteSeries).collectList().blockOptional(timeout).orElse(List.of())
                .stream().filter(series -> series.getDate("hour").toInstant().isBefore(to))
                .forEach(series -> AgentHistory.addSeries(buckets, series, true));
        List<ConditionState> states = new ArrayList<>();
        for (TriggerRule rule : minuteFeedbackRules) {
            Metric metric = rule.condition().measure();
            buckets.scopes(rule.condition().scope()).forEach((scope, b) -> states.addAll(new ConditionEngine(rule,
                    scope, b.measure((counts, length) -> AgentHistory.feedbackReading(counts, metric)), firstData,
                    settings.minCoverage()).states(from, to, true)));
        }
        record(agentId, states);
        saveProgress(agentId, FEEDBACK_MINUTES, to);
        return (int) (Duration.between(from, to).toMinutes() + 1);
    }

    /** The rules on operational metrics, each minute and each hour, from the interaction history. */
    int evaluateInteractions(InteractionHistory.Activity activity) {
        String agentId = activity.agentId();
        if (activity.firstEventTime() == null || activity.maxEventTime() == null) {
            return 0;
        }
        Instant complete = complete(activity.maxEventTime(), activity.lastAppliedAt());
        Document progress = progress(agentId);
        int evaluated = 0;
        for (Duration step : List.of(MINUTE, RuleCondition.HOUR)) {
            List<TriggerRule> trackRules = step.equals(MINUTE) ? interactionMinuteRules : interactionHourRules;
            if (trackRules.isEmpty()) {
                continue;
            }
            String field = step.equals(MINUTE) ? INTERACTION_MINUTES : INTERACTION_HOURS;
            Instant upTo = floor(complete, step);
            Instant from = next(progress, field, activity.firstEventTime(), step);
            if (from.isAfter(upTo)) {
                continue;
            }
            Instant to = min(upTo, from.plus(Duration.ofHours(settings.maxHoursPerRun())).minus(step));
            ScopedBuckets<InteractionOutcomes> buckets = new ScopedBuckets<>(
                    trackRules.stream().map(r -> r.condition().scope()).distinct().toList(),
                    InteractionOutcomes::new, InteractionOutcomes::add);
            Instant hoursFrom = AgentHistory.floorHour(from.minus(lookback(trackRules)));
            Instant hoursTo = AgentHistory.floorHour(to);
            for (InteractionHistory.Series s : interactions.hours(agentId, hoursFrom, hoursTo)) {
                buckets.add(agentId, s.agentVersion(), s.intentCategory(), s.start(), false, s.outcomes());
            }
            if (step.equals(MINUTE)) {
                Instant minutesFrom = AgentHistory.floorHour(from.minus(minuteLookback(trackRules)));
                for (InteractionHistory.Series s : interactions.minutes(agentId, minutesFrom, to)) {
                    buckets.add(agentId, s.agentVersion(), s.intentCategory(), s.start(), true, s.outcomes());
                }
            }
            List<ConditionState> states = new ArrayList<>();
            for (TriggerRule rule : trackRules) {
                Metric metric = rule.condition().measure();
                buckets.scopes(rule.condition().scope()).forEach((scope, b) -> {
                    ConditionEngine.Measure measure = metric == Metric.ACTIVE_USERS
                            ? activeUsers(agentId, scope) : b.measure((outcomes, length) -> new ConditionEngine.Reading(
                            outcomes.value(metric, length), outcomes.samples(metric)));
                    states.addAll(new ConditionEngine(rule, scope, measure, activity.firstEventTime(),
                            settings.minCoverage()).states(from, to, true));
                });
            }
            record(agentId, states);
            saveProgress(agentId, field, to);
            evaluated += (int) (Duration.between(from, to).getSeconds() / step.getSeconds()) + 1;
        }
        return evaluated;
    }

    /** Distinct users cannot be added up from minutes: each window is asked for. */
    private ConditionEngine.Measure activeUsers(String agentId, Map<String, String> scope) {
        Map<String, ConditionEngine.Reading> readings = new java.util.HashMap<>();
        return (from, to) -> readings.computeIfAbsent(from + "|" + to, k -> new ConditionEngine.Reading(
                (double) interactions.outcomes(agentId, scope.get("agent_version"), scope.get("intent_category"),
                        from, to).activeUsers(), 0));
    }

    /** How far before the first step the data of these rules must reach, baselines included. */
    static Duration lookback(List<TriggerRule> rules) {
        Duration longest = Duration.ZERO;
        for (TriggerRule rule : rules) {
            Duration needed = ConditionEngine.lookback(rule.condition());
            longest = needed.compareTo(longest) > 0 ? needed : longest;
        }
        return longest;
    }

    private void record(String agentId, List<ConditionState> states) {
        if (states.isEmpty()) {
            return;
        }
        List<ConditionState> ordered = new ArrayList<>(states);
        ordered.sort(Comparator.comparing(ConditionState::at).thenComparing(ConditionState::rule)
                .thenComparing(s -> s.scope().toString()));
        commands.sendAndWait(new RecordConditions(agentId, ordered), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes the agent's minute slices the minute evaluation will not read again (older than its progress minus
     * the retention), a bounded number per run, from where the last run stopped (or the agent's first data).
     */
    void pruneMinutes(Document watermark) {
        String agentId = watermark.getString("_id");
        Document progress = progress(agentId);
        Date evaluated = progress == null ? null : progress.getDate(FEEDBACK_MINUTES);
        Instant done = evaluated != null ? evaluated.toInstant()
                : minuteFeedbackRules.isEmpty() ? evaluableUpTo(watermark) : null;
        if (done == null) {
            return;
        }
        Instant cutoff = AgentHistory.floorHour(done.minus(settings.minuteRetention()));
        Document pruned = Mono.from(readModels.collection(MetricsProjection.MINUTES_PRUNED)
                .find(Filters.eq("_id", agentId)).first()).block(timeout);
        Instant from = pruned != null ? pruned.getDate("up_to").toInstant()
                : AgentHistory.floorHour(watermark.getDate("first_event_time").toInstant());
        if (!from.isBefore(cutoff)) {
            return;
        }
        Instant to = min(cutoff, from.plus(AgentHistory.HOUR.multipliedBy(PRUNE_PER_RUN)));
        List<String> ids = Slices.ids(agentId, from, to, AgentHistory.HOUR);
        for (int i = 0; i < ids.size(); i += 1000) {
            Mono.from(readModels.collection(MetricsProjection.MINUTELY)
                    .deleteMany(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + 1000))))).block(timeout);
        }
        Mono.from(readModels.collection(MetricsProjection.MINUTES_PRUNED).updateOne(Filters.eq("_id", agentId),
                Updates.set("up_to", Date.from(to)), new UpdateOptions().upsert(true))).block(timeout);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The histograms behind a feature's PSI at the agent's latest evaluation, recomputed from the slices. */
    @QueryHandler
    public Optional<DriftHistograms> handle(FindDriftHistograms query) {
        QueryDeadline reads = limits.start();
        Document progress = Mono.from(reads.collection(PROGRESS).find(Filters.eq("_id", query.agentId())).first())
                .block(timeout);
        if (progress == null || progress.getDate("evaluated_up_to") == null) {
            return Optional.empty();
        }
        Instant at = progress.getDate("evaluated_up_to").toInstant();
        AgentHistory history = load(reads, query.agentId(), at, at, null);
        history.evaluate(at);
        AgentHistory.Window reference = history.reference();
        AgentHistory.Window current = history.current();
        Psi.Result result = history.compare(query.feature(), reference, current);
        return Optional.of(new DriftHistograms(query.agentId(), query.feature(), at, reference.from,
                reference.to, current.from, history.bins(query.feature()).labels(), shares(result.referenceShares()),
                shares(result.currentShares()), reference.feedback, current.feedback,
                Double.isNaN(result.value()) ? null : AgentHistory.round(result.value())));
    }

    private static List<Double> shares(double[] shares) {
        return java.util.Arrays.stream(shares).map(AgentHistory::round).boxed().toList();
    }

    /** The agent's slices needed to evaluate [from, to], with its pinned baseline if any. */
    AgentHistory load(CollectionSource reads, String agentId, Instant from, Instant to, Instant firstData) {
        Document pin = Mono.from(reads.collection(MonitorProjection.BASELINES).find(Filters.eq("_id", agentId)).first())
                .block(timeout);
        boolean pinned = pin != null && Boolean.TRUE.equals(pin.getBoolean("active"));
        Instant pinnedFrom = pinned ? pin.getDate("from").toInstant() : null;
        Instant pinnedTo = pinned ? pin.getDate("to").toInstant() : null;
        Instant loadFrom = from.minus(AgentHistory.lookback(rules, settings));
        List<String> ids = new ArrayList<>(Slices.ids(agentId, loadFrom, to, AgentHistory.HOUR));
        if (pinnedFrom != null) {
            java.util.Set<String> known = new java.util.HashSet<>(ids);
            Slices.ids(agentId, pinnedFrom, pinnedTo, AgentHistory.HOUR).stream().filter(known::add).forEach(ids::add);
        }
        List<Document> metrics = slices.fetch(reads, MetricsProjection.HOURLY, ids).flatMapIterable(MetricsProjection::series)
                .collectList().block(timeout);
        List<Document> features = slices.fetch(reads, MetricsProjection.FEATURES, ids).collectList().block(timeout);
        return new AgentHistory(agentId, rules, settings, pinnedFrom, pinnedTo, metrics, features, firstData);
    }
}
