package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

@Revision("1")
public record AssessmentLogged(TraceId traceId, AssessmentId assessmentId, String name, Object value,
                               AssessmentSource source, String rationale, Map<String, Object> metadata,
                               AssessmentId overrides, Instant loggedAt) implements AssessmentEvent {

    public static AssessmentLogged from(LogAssessment c) {
        return new AssessmentLogged(c.traceId(), c.assessmentId(), c.name(), c.value(), c.source(), c.rationale(),
                c.metadata() == null ? Map.of() : c.metadata(), c.overrides(), c.loggedAt());
    }
}
