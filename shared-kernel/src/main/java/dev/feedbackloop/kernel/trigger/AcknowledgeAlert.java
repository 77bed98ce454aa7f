package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Someone is looking at the alert. */
public record AcknowledgeAlert(String alertId, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.alert(alertId);
    }
}
