package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Erase a data subject's personal data (see {@link PersonalDataErased}). */
public record ErasePersonalData(String subject, String requestedBy, Instant requestedAt) {

    public ErasePersonalData {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
    }

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.dataSubject(subject);
    }
}
