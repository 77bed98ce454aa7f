package dev.feedbackloop.analysis.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.analysis.AgentSummary;
import dev.feedbackloop.kernel.analysis.FindAgents;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The agents seen in the feedback stream, with the versions and intents each reported and when (event time) it
 * was first and last seen. Only $min, $max and $addToSet: applying an event twice changes nothing.
 */
@Component
@ProcessingGroup(AgentCatalogProjection.PROCESSING_GROUP)
public class AgentCatalogProjection {

    public static final String PROCESSING_GROUP = "analysis-agent-catalog";
    public static final String COLLECTION = "agents";
    static final String UNKNOWN_AGENT = "unknown";

    private final ReadModelWriter writer;

    public AgentCatalogProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(FeedbackSubmitted event) {
        String agent = event.metadata().agentId() == null ? UNKNOWN_AGENT : event.metadata().agentId();
        Date at = Date.from(event.timestamp());
        List<Bson> updates = new ArrayList<>(List.of(Updates.min("first_seen", at), Updates.max("last_seen", at)));
        if (event.metadata().agentVersion() != null) {
            updates.add(Updates.addToSet("versions", event.metadata().agentVersion()));
        }
        if (event.metadata().intentCategory() != null) {
            updates.add(Updates.addToSet("intents", event.metadata().intentCategory()));
        }
        writer.update(COLLECTION, Filters.eq("_id", agent), Updates.combine(updates), true);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<AgentSummary>> handle(FindAgents query) {
        return Flux.from(writer.collection(COLLECTION).find().sort(Sorts.ascending("_id")))
                .map(AgentCatalogProjection::toSummary)
                .collectList()
                .toFuture();
    }

    static AgentSummary toSummary(Document d) {
        List<String> versions = new ArrayList<>(d.getList("versions", String.class, List.of()));
        List<String> intents = new ArrayList<>(d.getList("intents", String.class, List.of()));
        versions.sort(null);
        intents.sort(null);
        return new AgentSummary(d.getString("_id"), versions, intents, d.getDate("first_seen").toInstant(),
                d.getDate("last_seen").toInstant());
    }
}
