package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.DeleteAssessment;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.feedback.UpdateAssessment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The assessments of one trace. Overrides keep the audit trail: the overridden assessment stays, marked not
 * valid, and becomes valid again when its override is deleted. Logging and updating answer with the assessment as
 * it now stands, so a client sees its write at once, before the read model has caught up; a retried log (same id,
 * same content) answers with the first one and stores nothing.
 */
@Aggregate
public class TraceAssessments {

    @AggregateIdentifier
    private String stream;
    private TraceId traceId;
    private final Map<AssessmentId, Entry> assessments = new LinkedHashMap<>();

    /** An assessment as logged, and what happened to it since. */
    private record Entry(AssessmentLogged logged, AssessmentLogged current, Instant lastUpdate, boolean deleted,
                         Instant deletedAt) {

        Entry updated(AssessmentUpdated e) {
            AssessmentLogged c = current;
            var fields = e.fields();
            AssessmentLogged next = new AssessmentLogged(c.traceId(), c.assessmentId(),
                    fields.contains(AssessmentField.NAME) ? e.name() : c.name(),
                    fields.contains(AssessmentField.VALUE) ? e.value() : c.value(), c.source(),
                    fields.contains(AssessmentField.RATIONALE) ? e.rationale() : c.rationale(),
                    fields.contains(AssessmentField.METADATA) ? (e.metadata() == null ? Map.of() : e.metadata())
                            : c.metadata(),
                    c.overrides(), c.loggedAt(), c.kind(), c.spanId(),
                    fields.contains(AssessmentField.ERROR) ? e.error() : c.error(),
                    fields.contains(AssessmentField.VALUE) ? e.serializationFormat() : c.serializationFormat());
            return new Entry(logged, next, e.updatedAt(), deleted, deletedAt);
        }
    }

    protected TraceAssessments() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public AssessmentView handle(LogAssessment command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "assessment_name is required");
        }
        Entry existing = assessments.get(command.assessmentId());
        if (existing != null) {
            if (existing.logged().sameContentAs(command)) {
                return view(command.assessmentId());
            }
            throw new BusinessRuleViolation(ErrorCode.ASSESSMENT_ID_CONFLICT,
                    "assessment " + command.assessmentId() + " already exists on this trace with other content");
        }
        if (command.overrides() != null && !isValid(command.overrides())) {
            throw new BusinessRuleViolation(ErrorCode.INVALID_OVERRIDE, "overrides must name a valid assessment of trace "
                    + command.traceId() + "; " + command.overrides() + " is not one");
        }
        apply(AssessmentLogged.from(command));
        return view(command.assessmentId());
    }

    @CommandHandler
    public AssessmentView handle(UpdateAssessment command) {
        Entry entry = existing(command.traceId(), command.assessmentId());
        if (entry.deleted()) {
            throw new BusinessRuleViolation(ErrorCode.ASSESSMENT_ALREADY_DELETED,
                    "assessment " + command.assessmentId() + " was deleted");
        }
        if (command.fields().isEmpty()) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "update_mask must name at least one field");
        }
        if (command.fields().contains(AssessmentField.NAME) && (command.name() == null || command.name().isBlank())) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "assessment_name must not be blank");
        }
        AssessmentKind kind = entry.current().kindOrFeedback();
        if (command.fields().contains(AssessmentField.VALUE) && command.valueKind() != null
                && command.valueKind() != kind) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "assessment " + command.assessmentId()
                    + " is " + (kind == AssessmentKind.FEEDBACK ? "a feedback" : "an expectation") + "; its value cannot"
                    + " be replaced by " + (kind == AssessmentKind.FEEDBACK ? "an expectation" : "a feedback"));
        }
        apply(AssessmentUpdated.from(command));
        return view(command.assessmentId());
    }

    @CommandHandler
    public void handle(DeleteAssessment command) {
        Entry entry = existing(command.traceId(), command.assessmentId());
        if (entry.deleted()) {
            throw new BusinessRuleViolation(ErrorCode.ASSESSMENT_ALREADY_DELETED,
                    "assessment " + command.assessmentId() + " was already deleted");
        }
        AssessmentId overridden = entry.current().overrides();
        AssessmentId restored = overridden != null && !assessments.get(overridden).deleted() ? overridden : null;
        apply(new AssessmentDeleted(command.traceId(), command.assessmentId(), restored, command.deletedAt()));
    }

    private Entry existing(TraceId trace, AssessmentId id) {
        Entry entry = assessments.get(id);
        if (entry == null) {
            throw new BusinessRuleViolation(ErrorCode.NOT_FOUND, "trace " + trace + " has no assessment " + id);
        }
        return entry;
    }

    /** Not deleted and not overridden by an assessment that is itself not deleted. */
    private boolean isValid(AssessmentId id) {
        Entry entry = assessments.get(id);
        if (entry == null || entry.deleted()) {
            return false;
        }
        return overriderOf(id) == null;
    }

    private AssessmentId overriderOf(AssessmentId id) {
        return assessments.values().stream()
                .filter(e -> !e.deleted() && id.equals(e.current().overrides()))
                .map(e -> e.current().assessmentId())
                .findFirst().orElse(null);
    }

    private AssessmentView view(AssessmentId id) {
        Entry e = assessments.get(id);
        AssessmentLogged a = e.current();
        AssessmentId by = overriderOf(id);
        return new AssessmentView(id.value(), traceId.value(), a.name(), a.value(), a.source(), a.rationale(),
                a.metadata(), a.overrides() == null ? null : a.overrides().value(), by == null ? null : by.value(),
                !e.deleted() && by == null, e.deleted(), a.loggedAt(), e.deletedAt(), a.kindOrFeedback(), a.spanId(),
                a.error(), a.serializationFormat(), e.lastUpdate());
    }

    @EventSourcingHandler
    void on(AssessmentLogged event) {
        this.traceId = event.traceId();
        this.stream = Streams.trace(event.traceId());
        assessments.put(event.assessmentId(), new Entry(event, event, event.loggedAt(), false, null));
    }

    @EventSourcingHandler
    void on(AssessmentUpdated event) {
        assessments.computeIfPresent(event.assessmentId(), (id, e) -> e.updated(event));
    }

    @EventSourcingHandler
    void on(AssessmentDeleted event) {
        assessments.computeIfPresent(event.assessmentId(),
                (id, e) -> new Entry(e.logged(), e.current(), e.lastUpdate(), true, event.deletedAt()));
    }
}
