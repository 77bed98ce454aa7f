package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Fields of an assessment changed in place; only those in {@code fields} carry new values. The fields are stored in
 * their declared order.
 */
@Revision("1")
public record AssessmentUpdated(TraceId traceId, AssessmentId assessmentId, Set<AssessmentField> fields, String name,
                                Object value, String serializationFormat, AssessmentError error, String rationale,
                                Map<String, Object> metadata, Instant updatedAt) implements AssessmentEvent {

    public AssessmentUpdated {
        fields = fields == null || fields.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(fields));
    }

    public static AssessmentUpdated from(UpdateAssessment c) {
        return new AssessmentUpdated(c.traceId(), c.assessmentId(), c.fields(), c.name(), c.value(),
                c.serializationFormat(), c.error(), c.rationale(), c.metadata(), c.updatedAt());
    }
}
