package dev.feedbackloop.improvement.cycle;

import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.feedbackloop.support.ops.ClusterJob;
import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.cycle.OpenImprovementCycle;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opens the current ISO week's improvement cycle of every known agent ({@link CycleAgentsProjection}), every
 * {@code platform.cycles.check-interval} on its own thread while {@code platform.cycles.enabled}. Opening is
 * idempotent (the cycle id is {@code cy-<agentId>-<week>}), so several instances may all do it; each instance
 * remembers what it opened and does not send it again.
 */
@Component
public class CycleOpener {

    /**
     * Runs {@link #openAll} every {@code platform.cycles.check-interval} on one instance of the cluster
     * (a {@link ClusterJob}); an instance with {@code platform.cycles.enabled=false} takes no part.
     */
    @Bean
    @ConditionalOnProperty(name = "platform.cycles.enabled", havingValue = "true", matchIfMissing = true)
    static RecurringTask<Void> cycleOpening(CycleOpener job, CycleSettings settings) {
        return ClusterJob.every("cycle-opener", settings.checkInterval(), job::openAll);
    }

    private static final Logger log = LoggerFactory.getLogger(CycleOpener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CycleAgentsProjection agents;
    private final CommandGateway commands;
    private final CycleSettings settings;
    private final Clock clock;
    /** The cycles of {@link #week} this instance opened (forgotten when the week changes). */
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    private volatile String week;

    public CycleOpener(CycleAgentsProjection agents, CommandGateway commands, CycleSettings settings, Clock clock) {
        this.agents = agents;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
    }

    /** The command opening an agent's cycle of a week, with the week's bounds in the zone. */
    public static OpenImprovementCycle open(String agentId, String week, ZoneId zone, Instant now) {
        return new OpenImprovementCycle(ImprovementCycle.idOf(agentId, week), agentId, week, zone.getId(),
                IsoWeeks.start(week, zone), IsoWeeks.end(week, zone), now);
    }

    /** Opens the current week's cycle of every known agent not opened yet; returns how many commands it sent. */
    public int openAll() {
        ZoneId zone = settings.zoneId();
        Instant now = clock.instant();
        String week = IsoWeeks.of(now, zone);
        if (!week.equals(this.week)) {
            opened.clear();
            this.week = week;
        }
        int sent = 0;
        for (String agentId : agents.agents(TIMEOUT)) {
            String cycleId = ImprovementCycle.idOf(agentId, week);
            if (opened.contains(cycleId)) {
                continue;
            }
            if (!Identifier.isValid(cycleId)) {
                log.warn("Agent id '{}' is too long for a cycle id; its cycles are not opened", agentId);
                opened.add(cycleId);
                continue;
            }
            try {
                commands.sendAndWait(open(agentId, week, zone, now), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                opened.add(cycleId);
                sent++;
            } catch (RuntimeException e) {
                log.warn("Opening cycle {} failed; the next check retries: {}", cycleId, e.toString());
            }
        }
        return sent;
    }



}
