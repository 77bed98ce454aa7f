package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An assessment was logged. The MLflow details ({@code kind}, {@code spanId}, {@code error},
 * {@code serializationFormat}) are null on assessments that have none, and then absent from the stored event, so
 * events stored before they existed read the same.
 */
@Revision("1")
public record AssessmentLogged(TraceId traceId, AssessmentId assessmentId, String name, Object value,
                               AssessmentSource source, String rationale, Map<String, Object> metadata,
                               AssessmentId overrides, Instant loggedAt, AssessmentKind kind, String spanId,
                               AssessmentError error, String serializationFormat) implements AssessmentEvent {

    public AssessmentLogged(TraceId traceId, AssessmentId assessmentId, String name, Object value,
                            AssessmentSource source, String rationale, Map<String, Object> metadata,
                            AssessmentId overrides, Instant loggedAt) {
        this(traceId, assessmentId, name, value, source, rationale, metadata, overrides, loggedAt, null, null, null,
                null);
    }

    public static AssessmentLogged from(LogAssessment c) {
        return new AssessmentLogged(c.traceId(), c.assessmentId(), c.name(), c.value(), c.source(), c.rationale(),
                c.metadata() == null ? Map.of() : c.metadata(), c.overrides(), c.loggedAt(), c.kind(), c.spanId(),
                c.error(), c.serializationFormat());
    }

    /** Whether {@code c} logs this same assessment: everything but the time it was sent. */
    public boolean sameContentAs(LogAssessment c) {
        AssessmentLogged other = from(c);
        return Objects.equals(name, other.name) && sameJson(value, other.value)
                && Objects.equals(source, other.source) && Objects.equals(rationale, other.rationale)
                && sameJson(metadata, other.metadata) && Objects.equals(overrides, other.overrides)
                && Objects.equals(kindOrFeedback(), other.kindOrFeedback())
                && Objects.equals(spanId, other.spanId) && Objects.equals(error, other.error)
                && Objects.equals(serializationFormat, other.serializationFormat);
    }

    /** Assessments logged before kinds existed are feedback. */
    public AssessmentKind kindOrFeedback() {
        return kind == null ? AssessmentKind.FEEDBACK : kind;
    }

    /** JSON equality: a number read back from the store may be a Long where the request had an Integer. */
    static boolean sameJson(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream()
                    .allMatch(e -> y.containsKey(e.getKey()) && sameJson(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameJson(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
