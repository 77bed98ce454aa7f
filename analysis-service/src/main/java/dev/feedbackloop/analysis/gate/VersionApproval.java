package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.ApprovalOverridden;
import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.GateEvaluated;
import dev.feedbackloop.kernel.gate.GateObservation;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;
import dev.feedbackloop.kernel.gate.OverrideApproval;
import dev.feedbackloop.kernel.gate.RecordGateResults;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import dev.feedbackloop.kernel.gate.VersionApproved;
import dev.feedbackloop.kernel.gate.VersionBlocked;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.feedbackloop.support.aggregate.WrongState.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One agent version's approval for one environment (spec 21.1's "all gates pass?"). Results arrive by metric; each
 * gate reading one is judged against the gate set in force, and a gate whose result changed is recorded
 * ({@link GateEvaluated}). The version is approved when every gate of the environment passed, blocked while one
 * failed (recorded again when the failing set changes), and pending otherwise: a gate without a result is never a
 * pass. A named person may override a blocked or pending approval for a reason; the override covers the gates unmet
 * at that moment, so a gate that fails later blocks the version again.
 */
@Aggregate
public class VersionApproval {

    static final int MAX_RESULTS = 100;
    static final int MAX_TESTS = 1_000_000_000;
    static final double MAX_VALUE = 1e12;

    @AggregateIdentifier
    private String stream;
    private ApprovalKey key;
    private final Map<String, GateResult> results = new LinkedHashMap<>();
    private ApprovalStatus status = ApprovalStatus.PENDING;
    private Set<String> failingReported = Set.of();
    private Set<String> coveredByOverride = Set.of();
    private VersionApprovalView.ManualOverride override;
    private Instant updatedAt;

    protected VersionApproval() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public VersionApprovalView handle(RecordGateResults command, GateSet gates) {
        validate(command, gates);
        String environment = command.key().environment();
        Map<String, GateResult> next = new LinkedHashMap<>(results);
        List<GateResult> changed = new ArrayList<>();
        for (GateDefinition gate : gates.gatesFor(environment)) {
            GateObservation observed = command.results().get(gate.metric());
            if (observed == null) {
                continue;
            }
            GateResult result = gate.judge(environment, observed);
            if (!result.equals(results.get(gate.name()))) {
                changed.add(result);
                next.put(gate.name(), result);
            }
        }
        if (changed.isEmpty()) {
            return view(gates);
        }
        List<GateResult> all = gates.complete(environment, next);
        ApprovalStatus after = decide(GateSet.statusOf(all), all);
        Set<String> failing = names(all, GateStatus.FAILED);
        boolean announceBlock = after == ApprovalStatus.BLOCKED
                && (status != ApprovalStatus.BLOCKED || !failing.equals(failingReported));
        boolean announceApproval = after == ApprovalStatus.APPROVED && status != ApprovalStatus.APPROVED;
        ApprovalKey k = command.key();
        for (GateResult result : changed) {
            apply(new GateEvaluated(k.agentId(), k.version(), environment, result, after, command.source(), command.at()));
        }
        if (announceBlock) {
            apply(new VersionBlocked(k.agentId(), k.version(), environment,
                    all.stream().filter(r -> r.status() == GateStatus.FAILED).toList(), command.at()));
        }
        if (announceApproval) {
            apply(new VersionApproved(k.agentId(), k.version(), environment, all, command.at()));
        }
        return view(gates);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public VersionApprovalView handle(OverrideApproval command, GateSet gates) {
        require(command.key() != null, "agent_id, version and environment are required");
        require(gates.hasEnvironment(command.key().environment()), "environment must be one of "
                + String.join(", ", gates.environments()));
        require(!WrongState.blank(command.by()), "by must name the person who overrides the gates");
        require(command.by() == null || command.by().length() <= OverrideApproval.MAX_BY_LENGTH,
                "by must be at most " + OverrideApproval.MAX_BY_LENGTH + " characters");
        require(!WrongState.blank(command.reason()), "reason is required: say why the gates may be overridden");
        require(command.reason() == null || command.reason().length() <= OverrideApproval.MAX_REASON_LENGTH,
                "reason must be at most " + OverrideApproval.MAX_REASON_LENGTH + " characters");
        require(command.at() != null, "at is required");
        if (status == ApprovalStatus.APPROVED) {
            throw new WrongState("version " + command.key().version() + " of " + command.key().agentId()
                    + " is approved for " + command.key().environment() + "; there is nothing to override");
        }
        if (status == ApprovalStatus.OVERRIDDEN) {
            throw new WrongState("version " + command.key().version() + " of " + command.key().agentId()
                    + " was already overridden for " + command.key().environment() + " by " + override.by());
        }
        ApprovalKey k = command.key();
        List<GateResult> unmet = gates.complete(k.environment(), results).stream()
                .filter(r -> r.status() != GateStatus.PASSED).toList();
        apply(new ApprovalOverridden(k.agentId(), k.version(), k.environment(), command.by().strip(),
                command.reason().strip(), unmet, command.at()));
        return view(gates);
    }

    /** Under an override, only a gate it did not cover failing, or every gate passing, changes the status. */
    private ApprovalStatus decide(ApprovalStatus fromGates, List<GateResult> all) {
        if (status != ApprovalStatus.OVERRIDDEN || fromGates == ApprovalStatus.APPROVED) {
            return fromGates;
        }
        return coveredByOverride.containsAll(names(all, GateStatus.FAILED)) ? ApprovalStatus.OVERRIDDEN
                : ApprovalStatus.BLOCKED;
    }

    private static void validate(RecordGateResults command, GateSet gates) {
        require(command.key() != null, "agent_id, version and environment are required");
        require(gates.hasEnvironment(command.key().environment()), "environment must be one of "
                + String.join(", ", gates.environments()));
        require(command.results() != null && !command.results().isEmpty(), "results must name at least one metric");
        require(command.results().size() <= MAX_RESULTS, "results: at most " + MAX_RESULTS + " metrics");
        require(!WrongState.blank(command.source()), "source is required");
        require(command.at() != null, "at is required");
        command.results().forEach((metric, observed) -> {
            require(metric != null && GateFileReader.NAME.matcher(metric).matches(), "results: '" + metric
                    + "' is not a metric name (lower-case letters, digits and _, starting with a letter)");
            require(observed != null && Double.isFinite(observed.value()) && observed.value() >= 0
                    && observed.value() <= MAX_VALUE, "results." + metric + ".value must be a number from 0 to 1e12");
            require(observed.tests() == null || (observed.tests() >= 1 && observed.tests() <= MAX_TESTS),
                    "results." + metric + ".tests must be from 1 to " + MAX_TESTS);
        });
        require(gates.reads(command.key().environment(), command.results().keySet()), "results: no gate of "
                + command.key().environment() + " reads any of " + command.results().keySet());
    }

    private static Set<String> names(List<GateResult> results, GateStatus status) {
        Set<String> out = new HashSet<>();
        results.stream().filter(r -> r.status() == status).forEach(r -> out.add(r.gate()));
        return out;
    }

    private VersionApprovalView view(GateSet gates) {
        return new VersionApprovalView(key.agentId(), key.version(), key.environment(), status,
                gates.complete(key.environment(), results), override, updatedAt);
    }

    private void identify(String agentId, String version, String environment) {
        if (key == null) {
            key = new ApprovalKey(agentId, version, environment);
            stream = key.stream();
        }
    }

    @EventSourcingHandler
    void on(GateEvaluated e) {
        identify(e.agentId(), e.version(), e.environment());
        results.put(e.result().gate(), e.result());
        status = e.status();
        if (status != ApprovalStatus.BLOCKED) {
            failingReported = Set.of();
        }
        updatedAt = e.at();
    }

    @EventSourcingHandler
    void on(VersionBlocked e) {
        identify(e.agentId(), e.version(), e.environment());
        status = ApprovalStatus.BLOCKED;
        failingReported = Set.copyOf(e.failing().stream().map(GateResult::gate).toList());
        updatedAt = e.at();
    }

    @EventSourcingHandler
    void on(VersionApproved e) {
        identify(e.agentId(), e.version(), e.environment());
        status = ApprovalStatus.APPROVED;
        failingReported = Set.of();
        updatedAt = e.at();
    }

    @EventSourcingHandler
    void on(ApprovalOverridden e) {
        identify(e.agentId(), e.version(), e.environment());
        status = ApprovalStatus.OVERRIDDEN;
        coveredByOverride = Set.copyOf(e.unmet().stream().map(GateResult::gate).toList());
        override = new VersionApprovalView.ManualOverride(e.by(), e.reason(), e.at());
        failingReported = Set.of();
        updatedAt = e.at();
    }
}
