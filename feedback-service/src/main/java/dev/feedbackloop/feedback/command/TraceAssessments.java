package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The assessments of one trace. Overrides keep the audit trail: the overridden assessment stays, marked not
 * valid, and becomes valid again when its override is deleted.
 */
@Aggregate
public class TraceAssessments {

    @AggregateIdentifier
    private String stream;
    private TraceId traceId;
    private final Map<AssessmentId, Entry> assessments = new HashMap<>();

    /** What the rules need of each assessment. */
    private record Entry(AssessmentId overrides, boolean deleted) {
    }

    protected TraceAssessments() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(LogAssessment command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "assessment_name is required");
        }
        if (assessments.containsKey(command.assessmentId())) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED,
                    "assessment " + command.assessmentId() + " already exists on this trace");
        }
        if (command.overrides() != null && !isValid(command.overrides())) {
            throw new BusinessRuleViolation(ErrorCode.INVALID_OVERRIDE, "overrides must name a valid assessment of trace "
                    + command.traceId() + "; " + command.overrides() + " is not one");
        }
        apply(AssessmentLogged.from(command));
    }

    @CommandHandler
    public void handle(DeleteAssessment command) {
        Entry entry = assessments.get(command.assessmentId());
        if (entry == null) {
            throw new BusinessRuleViolation(ErrorCode.NOT_FOUND,
                    "trace " + command.traceId() + " has no assessment " + command.assessmentId());
        }
        if (entry.deleted()) {
            throw new BusinessRuleViolation(ErrorCode.ASSESSMENT_ALREADY_DELETED,
                    "assessment " + command.assessmentId() + " was already deleted");
        }
        AssessmentId restored = entry.overrides() != null && !assessments.get(entry.overrides()).deleted()
                ? entry.overrides() : null;
        apply(new AssessmentDeleted(command.traceId(), command.assessmentId(), restored, command.deletedAt()));
    }

    /** Not deleted and not overridden by an assessment that is itself not deleted. */
    private boolean isValid(AssessmentId id) {
        Entry entry = assessments.get(id);
        if (entry == null || entry.deleted()) {
            return false;
        }
        return assessments.values().stream().noneMatch(e -> !e.deleted() && id.equals(e.overrides()));
    }

    @EventSourcingHandler
    void on(AssessmentLogged event) {
        this.traceId = event.traceId();
        this.stream = Streams.trace(event.traceId());
        assessments.put(event.assessmentId(), new Entry(event.overrides(), false));
    }

    @EventSourcingHandler
    void on(AssessmentDeleted event) {
        assessments.computeIfPresent(event.assessmentId(), (id, e) -> new Entry(e.overrides(), true));
    }
}
