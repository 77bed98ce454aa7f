package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Resolve the alert, by a person or by the platform when the condition cleared ({@code by} = system). */
public record ResolveAlert(String alertId, String by, String reason, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.alert(alertId);
    }
}
