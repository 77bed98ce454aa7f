package dev.feedbackloop.analysis.release;

import dev.feedbackloop.analysis.operations.OperationalMetrics;
import dev.feedbackloop.analysis.operations.Outcomes;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.release.EvaluateCanary;
import dev.feedbackloop.kernel.release.ReleaseSummary;
import dev.feedbackloop.kernel.release.ReleaseView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code platform.releases.evaluate-every} (wall clock), judges each open release in event time: the window is
 * [stage start, latest interaction time seen for the agent), the same for candidate and baseline, and the decision
 * is sent to the release, which records it only when it changes.
 */
@Component
public class CanaryEvaluator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CanaryEvaluator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ReleaseProjection releases;
    private final ReleaseHistory history;
    private final OperationalMetrics interactions;
    private final CanaryJudge judge;
    private final CommandGateway commands;
    private final ReleaseSettings settings;
    private ScheduledExecutorService scheduler;

    public CanaryEvaluator(ReleaseProjection releases, ReleaseHistory history, OperationalMetrics interactions,
                           CanaryJudge judge, CommandGateway commands, ReleaseSettings settings) {
        this.releases = releases;
        this.history = history;
        this.interactions = interactions;
        this.judge = judge;
        this.commands = commands;
        this.settings = settings;
    }

    /** Evaluates every open release once; answers how many decisions were recorded. */
    public synchronized int evaluateAll() {
        Map<String, Instant> watermarks = interactions.agents().collectMap(OperationalMetrics.AgentProgress::agentId,
                OperationalMetrics.AgentProgress::latestEventTime).block(TIMEOUT);
        int recorded = 0;
        for (ReleaseSummary open : releases.open().collectList().block(TIMEOUT)) {
            try {
                recorded += evaluate(open.releaseId(), watermarks.get(open.agentId())) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("release {} could not be evaluated: {}", open.releaseId(), e.toString());
            }
        }
        return recorded;
    }

    boolean evaluate(String releaseId, Instant watermark) {
        ReleaseView release = history.find(releaseId).orElse(null);
        if (release == null || !"open".equals(release.status()) || watermark == null
                || !watermark.isAfter(release.stageStartedAt())) {
            return false;
        }
        Instant from = release.stageStartedAt();
        Instant to = watermark.plusMillis(1);
        CanaryJudge.Side canary = side(release.agentId(), release.version(), from, to);
        CanaryJudge.Side baseline = side(release.agentId(), release.baselineVersion(), from, to);
        boolean longEnough = Duration.between(from, watermark).compareTo(
                Duration.ofMinutes(release.stageMinDurationMinutes())) >= 0;
        CanaryJudge.Judgement j = judge.judge(release.canaryConfig(), canary, baseline, longEnough);
        if (j.decision() == null) {
            return false;
        }
        try {
            Boolean done = commands.sendAndWait(new EvaluateCanary(releaseId, release.percentage(), j.decision(),
                    j.trigger(), j.measurements(), watermark));
            return Boolean.TRUE.equals(done);
        } catch (BusinessRuleViolation e) {
            return false;
        }
    }

    /** One version's interactions and feedback over [from, to): whole hours from hour slices, the edges by minute. */
    CanaryJudge.Side side(String agent, String version, Instant from, Instant to) {
        InteractionOutcomes in = new InteractionOutcomes();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from
                : from.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            in.add(interactions.minutes(agent, version, null, from, to.plus(Duration.ofMinutes(1))).block(TIMEOUT)
                    .total());
        } else {
            in.add(interactions.minutes(agent, version, null, from, firstHour).block(TIMEOUT).total());
            interactions.hours(new OperationalMetrics.Selector(agent, version, null), firstHour, lastHour)
                    .block(TIMEOUT).values().stream().map(Outcomes::outcomes).forEach(in::add);
            in.add(interactions.minutes(agent, version, null, lastHour, to.plus(Duration.ofMinutes(1))).block(TIMEOUT)
                    .total());
        }
        FeedbackOutcomes fb = releases.feedback(agent, version, from, to).block(TIMEOUT);
        return new CanaryJudge.Side(in, fb);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "canary-evaluator"));
        long every = settings.evaluateEvery().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                evaluateAll();
            } catch (RuntimeException e) {
                log.warn("canary evaluation failed, retried next round: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
