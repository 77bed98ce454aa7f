package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add a triage note. */
public record AddTriageNote(String cycleId, String noteId, String author, String text, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
