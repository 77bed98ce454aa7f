package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A failure cluster's exemplars, read from the event store itself: the cluster's own stream names them and each
 * feedback's stream holds what was said. No read model of another service is involved, so the saga sees exactly
 * what was recorded, however far behind a projection may be.
 */
@Component
public class Exemplars {

    private final EventStore events;

    public Exemplars(EventStore events) {
        this.events = events;
    }

    /** The cluster's latest exemplars, in the order clustering ranked them; empty for an unknown cluster. */
    public List<Exemplar> ofCluster(String clusterId) {
        List<String> ids = List.of();
        for (Object event : events.readEvents(Streams.failureCluster(clusterId)).asStream().map(Message::getPayload).toList()) {
            if (event instanceof FailureClusterDiscovered d) {
                ids = d.exemplarIds();
            } else if (event instanceof FailureClusterGrew g && g.exemplarIds() != null) {
                ids = g.exemplarIds();
            }
        }
        List<Exemplar> out = new ArrayList<>();
        for (String feedbackId : ids) {
            feedback(feedbackId).map(Exemplar::of).ifPresent(out::add);
        }
        return out;
    }

    private Optional<FeedbackSubmitted> feedback(String feedbackId) {
        return events.readEvents(feedbackId).asStream().map(Message::getPayload)
                .filter(FeedbackSubmitted.class::isInstance).map(FeedbackSubmitted.class::cast).findFirst();
    }
}
