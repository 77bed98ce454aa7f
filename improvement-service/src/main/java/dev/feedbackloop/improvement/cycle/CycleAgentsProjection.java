package dev.feedbackloop.improvement.cycle;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@value #COLLECTION} read model: the agents that ever sent feedback, one document per agent id, for the
 * {@link CycleOpener}. An agent already written by this instance is not written again.
 */
@Component
@ProcessingGroup(CycleAgentsProjection.PROCESSING_GROUP)
public class CycleAgentsProjection {

    public static final String PROCESSING_GROUP = "trigger-cycle-agents";
    public static final String COLLECTION = "cycle_agents";

    private final ReadModelWriter writer;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    public CycleAgentsProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(FeedbackSubmitted event) {
        String agentId = event.metadata() == null ? null : event.metadata().agentId();
        if (agentId == null || agentId.isBlank() || written.contains(agentId)) {
            return;
        }
        writer.update(COLLECTION, Filters.eq("_id", agentId), Updates.set("agent_id", agentId), true);
        written.add(agentId);
    }

    @ResetHandler
    void reset() {
        written.clear();
        writer.drop(COLLECTION);
    }

    /** Every known agent id. */
    public List<String> agents(Duration timeout) {
        List<String> ids = Flux.from(writer.collection(COLLECTION).find()).map(d -> d.getString("_id"))
                .collectList().block(timeout);
        return ids == null ? List.of() : ids;
    }
}
