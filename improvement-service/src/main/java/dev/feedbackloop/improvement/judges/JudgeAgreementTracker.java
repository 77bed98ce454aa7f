package dev.feedbackloop.improvement.judges;

import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.feedbackloop.support.ops.ClusterJob;
import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.improvement.stats.CohensKappa;

import dev.feedbackloop.kernel.cycle.JudgeAgreementView;
import dev.feedbackloop.kernel.cycle.RecordJudgeAgreement;
import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Measures judge-human agreement week by week. Every {@code platform.judges.check-interval}, for every assessment
 * name, each completed ISO week (UTC) after the last recorded one that has pairs is measured, oldest first: Cohen's
 * kappa over the week's pairs (none below {@code min-pairs}), sent as {@code RecordJudgeAgreement} with the previous
 * recorded week's kappa and whether the drop from it is significant ({@link CohensKappa#significantDrop}: one-sided
 * z-test at {@code alpha}, and a drop of at least {@code min-drop}). The standard error of the previous week is
 * recomputed from its pairs. A week is stamped with its own end, not the wall clock, and a pair belongs to the week
 * of its later assessment, so a back-fill records what a live run would have; the {@link JudgeAgreement} ignores
 * weeks it has, so overlapping runs (several instances, a lagging read model) are harmless.
 */
@Component
@EnableConfigurationProperties(JudgeSettings.class)
public class JudgeAgreementTracker {

    /**
     * Runs {@link #trackAll} every {@code platform.judges.check-interval} on one instance of the cluster
     * (a {@link ClusterJob}); an instance with {@code platform.judges.enabled=false} takes no part.
     */
    @Bean
    @ConditionalOnProperty(name = "platform.judges.enabled", havingValue = "true", matchIfMissing = true)
    static RecurringTask<Void> judgeAgreementTracking(JudgeAgreementTracker job, JudgeSettings settings) {
        return ClusterJob.every("judge-agreement", settings.checkInterval(), job::trackAll);
    }

    private static final Logger log = LoggerFactory.getLogger(JudgeAgreementTracker.class);

    private final JudgePairsProjection pairs;
    private final JudgeAgreementProjection recorded;
    private final CommandGateway commands;
    private final JudgeSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final ReentrantLock tracking = new ReentrantLock();

    public JudgeAgreementTracker(JudgePairsProjection pairs, JudgeAgreementProjection recorded, CommandGateway commands,
                                 JudgeSettings settings, Clock clock, PlatformProperties platform) {
        this.pairs = pairs;
        this.recorded = recorded;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }




    /**
     * Measures every assessment name's completed weeks not yet recorded; returns how many weeks were sent. Runs one at
     * a time (the task and a direct call wait for each other).
     */
    public int trackAll() {
        if (!settings.enabled()) {
            return 0;
        }
        tracking.lock();
        try {
            return trackAllNow();
        } finally {
            tracking.unlock();
        }
    }

    private int trackAllNow() {
        Instant now = clock.instant();
        Map<String, NavigableMap<String, CohensKappa.Table>> tables = new TreeMap<>();
        for (JudgePair pair : pairs.pairs()) {
            String week = pair.week();
            if (!IsoWeeks.end(week).isAfter(now)) {
                tables.computeIfAbsent(pair.assessmentName(), k -> new TreeMap<>())
                        .computeIfAbsent(week, k -> new CohensKappa.Table()).add(pair.human(), pair.judge());
            }
        }
        Map<String, NavigableMap<String, JudgeAgreementView>> weeks = new TreeMap<>();
        for (JudgeAgreementView view : recorded.all()) {
            weeks.computeIfAbsent(view.assessmentName(), k -> new TreeMap<>()).put(view.week(), view);
        }
        int sent = 0;
        for (Map.Entry<String, NavigableMap<String, CohensKappa.Table>> e : tables.entrySet()) {
            try {
                sent += track(e.getKey(), e.getValue(), weeks.getOrDefault(e.getKey(), new TreeMap<>()));
            } catch (RuntimeException failure) {
                log.warn("Tracking judge agreement on {} failed; the next run retries", e.getKey(), failure);
            }
        }
        return sent;
    }

    private int track(String name, NavigableMap<String, CohensKappa.Table> tables,
                      NavigableMap<String, JudgeAgreementView> recordedWeeks) {
        String last = recordedWeeks.isEmpty() ? null : recordedWeeks.lastKey();
        Double previousKappa = last == null ? null : recordedWeeks.get(last).kappa();
        Double previousSe = null;
        if (last != null && tables.containsKey(last)) {
            CohensKappa.Agreement previous = measure(tables.get(last));
            previousSe = previous == null ? null : previous.standardError();
        }
        NavigableMap<String, CohensKappa.Table> open = last == null ? tables : tables.tailMap(last, false);
        int sent = 0;
        for (Map.Entry<String, CohensKappa.Table> week : open.entrySet()) {
            CohensKappa.Table table = week.getValue();
            CohensKappa.Agreement agreement = measure(table);
            Double kappa = agreement == null || !agreement.defined() ? null : round(agreement.kappa());
            boolean drop = previousKappa != null && previousSe != null
                    && CohensKappa.significantDrop(previousKappa, previousSe, agreement, settings.alpha(), settings.minDrop());
            commands.sendAndWait(new RecordJudgeAgreement(name, week.getKey(), kappa, table.size(), previousKappa, drop,
                    IsoWeeks.end(week.getKey())), timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (drop) {
                log.info("Judge agreement on {} dropped in {} from {} to {}", name, week.getKey(), previousKappa, kappa);
            }
            previousKappa = kappa;
            previousSe = kappa == null ? null : agreement.standardError();
            sent++;
        }
        return sent;
    }

    /** The week's agreement, or null with fewer than min-pairs pairs. */
    private CohensKappa.Agreement measure(CohensKappa.Table table) {
        return table.size() < settings.minPairs() ? null : table.agreement();
    }

    static double round(double value) {
        return Math.round(value * 1_000_000d) / 1_000_000d;
    }
}
