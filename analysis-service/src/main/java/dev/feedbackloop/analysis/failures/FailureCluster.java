package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.kernel.analysis.DissolveFailureCluster;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.analysis.MergeFailureCluster;
import dev.feedbackloop.kernel.analysis.ObserveFailureCluster;
import dev.feedbackloop.kernel.analysis.SplitFailureCluster;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One failure mode of one agent, as the cluster tracker observes it run after run (in event time). Its first
 * observation discovers it; later ones record a change of size (never an unchanged one), a resolution once no member
 * is newer than the resolution period, or a reopening when new members arrive after that. A merge, or a split that it
 * does not survive, ends it for good. Observations at or before the last one recorded, and merges, splits and
 * dissolutions already recorded, are ignored: the tracker may run the same window again (after a crash, or on
 * another instance) without recording anything twice.
 */
@Aggregate
public class FailureCluster {

    enum State { ACTIVE, RESOLVED, MERGED, SPLIT }

    @AggregateIdentifier
    private String stream;
    private String clusterId;
    private State state;
    private int size;
    private int sizeLast24h;
    private List<String> exemplarIds = List.of();
    private Instant lastSeen;
    private Instant lastObservedAt;
    private Instant lastSplitAt;

    protected FailureCluster() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ObserveFailureCluster command) {
        validate(command);
        if (clusterId == null) {
            apply(new FailureClusterDiscovered(command.clusterId(), command.agentId(), command.label(),
                    command.topTerms(), command.exemplarIds(), command.size(), command.sizeLast24h(),
                    command.firstSeen(), command.lastSeen(), command.splitFrom(), command.at()));
            resolveIfQuiet(command);
            return;
        }
        if (!command.at().isAfter(lastObservedAt)) {
            return;
        }
        if (state == State.ACTIVE) {
            if (command.size() != size || command.sizeLast24h() != sizeLast24h) {
                apply(new FailureClusterGrew(command.clusterId(), command.agentId(), command.size(), size,
                        command.sizeLast24h(), command.exemplarIds().equals(exemplarIds) ? null : command.exemplarIds(),
                        command.lastSeen(), command.at()));
            }
            resolveIfQuiet(command);
        } else if (state == State.RESOLVED && command.lastSeen().isAfter(lastSeen)) {
            apply(new FailureClusterReopened(command.clusterId(), command.agentId(), command.size(),
                    command.sizeLast24h(), command.lastSeen(), command.at()));
        }
    }

    private void resolveIfQuiet(ObserveFailureCluster command) {
        if (state == State.ACTIVE && !command.lastSeen().plus(command.resolveAfter()).isAfter(command.at())) {
            apply(new FailureClusterResolved(command.clusterId(), command.agentId(), FailureClusterResolved.QUIET,
                    command.lastSeen(), command.at()));
        }
    }

    private static void validate(ObserveFailureCluster c) {
        if (isBlank(c.clusterId()) || isBlank(c.agentId())) {
            throw invalid("a failure cluster needs a cluster id and an agent id");
        }
        if (c.at() == null || c.firstSeen() == null || c.lastSeen() == null || c.firstSeen().isAfter(c.lastSeen())
                || c.lastSeen().isAfter(c.at())) {
            throw invalid("need first_seen <= last_seen <= at");
        }
        if (c.size() < 1 || c.sizeLast24h() < 0 || c.sizeLast24h() > c.size()) {
            throw invalid("need 0 <= size_last24h <= size and size >= 1");
        }
        if (c.resolveAfter() == null || c.resolveAfter().isNegative() || c.resolveAfter().isZero()) {
            throw invalid("resolve_after must be positive");
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(MergeFailureCluster command) {
        if (command.intoClusterId() == null || command.intoClusterId().equals(command.clusterId())) {
            throw invalid("a cluster merges into another one");
        }
        if (clusterId == null || ended()) {
            return;
        }
        apply(new FailureClusterMerged(command.clusterId(), command.agentId(), command.intoClusterId(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SplitFailureCluster command) {
        if (command.intoClusterIds().isEmpty() || command.intoClusterIds().contains(command.clusterId())) {
            throw invalid("a cluster splits into other, new clusters");
        }
        if (clusterId == null || ended() || (lastSplitAt != null && !command.at().isAfter(lastSplitAt))) {
            return;
        }
        apply(new FailureClusterSplit(command.clusterId(), command.agentId(), command.intoClusterIds(),
                command.continued(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DissolveFailureCluster command) {
        if (clusterId == null || state != State.ACTIVE || !command.at().isAfter(lastObservedAt)) {
            return;
        }
        apply(new FailureClusterResolved(command.clusterId(), command.agentId(), FailureClusterResolved.DISSOLVED,
                lastSeen, command.at()));
    }

    private boolean ended() {
        return state == State.MERGED || state == State.SPLIT;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }

    @EventSourcingHandler
    void on(FailureClusterDiscovered event) {
        clusterId = event.clusterId();
        stream = Streams.failureCluster(clusterId);
        state = State.ACTIVE;
        size = event.size();
        sizeLast24h = event.sizeLast24h();
        exemplarIds = event.exemplarIds();
        lastSeen = event.lastSeen();
        lastObservedAt = event.discoveredAt();
    }

    @EventSourcingHandler
    void on(FailureClusterGrew event) {
        size = event.size();
        sizeLast24h = event.sizeLast24h();
        if (event.exemplarIds() != null) {
            exemplarIds = event.exemplarIds();
        }
        lastSeen = event.lastSeen();
        lastObservedAt = event.at();
    }

    @EventSourcingHandler
    void on(FailureClusterReopened event) {
        state = State.ACTIVE;
        size = event.size();
        sizeLast24h = event.sizeLast24h();
        lastSeen = event.lastSeen();
        lastObservedAt = event.at();
    }

    @EventSourcingHandler
    void on(FailureClusterResolved event) {
        state = State.RESOLVED;
        lastSeen = event.lastSeen();
        lastObservedAt = event.at();
    }

    @EventSourcingHandler
    void on(FailureClusterMerged event) {
        state = State.MERGED;
    }

    @EventSourcingHandler
    void on(FailureClusterSplit event) {
        lastSplitAt = event.at();
        if (!event.continued()) {
            state = State.SPLIT;
        }
    }
}
