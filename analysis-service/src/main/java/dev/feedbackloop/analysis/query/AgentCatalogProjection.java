package dev.feedbackloop.analysis.query;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.limits.QueryLimits;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    private final QueryLimits limits;

    public AgentCatalogProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    @EventHandler
    void on(FeedbackSubmitted event) {
        String agent = event.metadata().agentId() == null ? UNKNOWN_AGENT : event.metadata().agentId();
        writer.accumulate(COLLECTION, agent, Sighting::new, sighting -> sighting.add(event), Sighting::toUpdate);
    }

    /** What one batch saw of an agent. */
    private static final class Sighting {
        Instant first;
        Instant last;
        final Set<String> versions = new TreeSet<>();
        final Set<String> intents = new TreeSet<>();

        void add(FeedbackSubmitted event) {
            Instant at = event.timestamp();
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            if (event.metadata().agentVersion() != null) {
                versions.add(event.metadata().agentVersion());
            }
            if (event.metadata().intentCategory() != null) {
                intents.add(event.metadata().intentCategory());
            }
        }

        Bson toUpdate() {
            List<Bson> updates = new ArrayList<>(List.of(Updates.min("first_seen", Date.from(first)),
                    Updates.max("last_seen", Date.from(last))));
            if (!versions.isEmpty()) {
                updates.add(Updates.addEachToSet("versions", new ArrayList<>(versions)));
            }
            if (!intents.isEmpty()) {
                updates.add(Updates.addEachToSet("intents", new ArrayList<>(intents)));
            }
            return Updates.combine(updates);
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<AgentSummary>> handle(FindAgents query) {
        return Flux.from(limits.start().collection(COLLECTION).find().sort(Sorts.ascending("_id")))
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
