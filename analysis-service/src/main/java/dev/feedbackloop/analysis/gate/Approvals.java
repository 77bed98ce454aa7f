package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.FindVersionApproval;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an approval as the read model has it, with every gate of the environment in gate-file order: a gate without
 * a recorded result is pending, and a version without any result is pending as a whole.
 */
@Component
public class Approvals {

    private final QueryGateway queries;
    private final GateSet gates;

    public Approvals(QueryGateway queries, GateSet gates) {
        this.queries = queries;
        this.gates = gates;
    }

    public Mono<VersionApprovalView> find(ApprovalKey key) {
        return Mono.fromFuture(() -> queries.query(new FindVersionApproval(key),
                        ResponseTypes.instanceOf(VersionApprovalView.class)))
                .map(this::complete)
                .switchIfEmpty(Mono.fromSupplier(() -> new VersionApprovalView(key.agentId(), key.version(),
                        key.environment(), ApprovalStatus.PENDING, gates.complete(key.environment(), Map.of()), null, null)));
    }

    private VersionApprovalView complete(VersionApprovalView stored) {
        Map<String, GateResult> recorded = new LinkedHashMap<>();
        stored.gates().forEach(g -> recorded.put(g.gate(), g));
        List<GateResult> all = gates.complete(stored.environment(), recorded);
        return new VersionApprovalView(stored.agentId(), stored.version(), stored.environment(), stored.status(), all,
                stored.override(), stored.updatedAt());
    }
}
