package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Change the named {@code fields} of an assessment in place (MLflow's update with an update mask); the values of fields
 * not named are ignored. The fields keep their declared order, so the stored event reads the same every time. A {@code VALUE} update may set {@code serializationFormat} for an expectation whose value is
 * serialized text. {@code metadata} replaces the assessment's metadata. {@code valueKind}, when given, is the kind the
 * new value is meant for: a feedback's value cannot be replaced by an expectation's, nor the other way round.
 */
public record UpdateAssessment(TraceId traceId, AssessmentId assessmentId, Set<AssessmentField> fields, String name,
                               Object value, String serializationFormat, AssessmentError error, String rationale,
                               Map<String, Object> metadata, Instant updatedAt, AssessmentKind valueKind) {

    public UpdateAssessment {
        fields = fields == null || fields.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(fields));
    }

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.trace(traceId);
    }
}
