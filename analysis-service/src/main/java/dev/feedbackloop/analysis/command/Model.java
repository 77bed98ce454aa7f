package dev.feedbackloop.analysis.command;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ModelVersionReleased;
import dev.feedbackloop.kernel.analysis.ModelVersionView;
import dev.feedbackloop.kernel.analysis.ReleaseModelVersion;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One model, keyed by its model id, with every version released so far. Its first release creates it. A version
 * is recorded once: the same release announced again is answered with the record, the same version with another
 * release time or other notes is refused, so what triggers saw stays true.
 */
@Aggregate
public class Model {

    @AggregateIdentifier
    private String stream;
    private ModelId modelId;
    private final Map<String, ModelVersionReleased> releases = new HashMap<>();

    protected Model() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ReleaseOutcome handle(ReleaseModelVersion command) {
        validate(command);
        ModelVersionReleased recorded = releases.get(command.version());
        if (recorded != null) {
            if (Objects.equals(recorded.releasedAt(), command.releasedAt())
                    && Objects.equals(recorded.notes(), command.notes())) {
                return ReleaseOutcome.alreadyRecorded(ModelVersionView.of(recorded));
            }
            throw new BusinessRuleViolation(ErrorCode.MODEL_VERSION_CONFLICT, "version " + command.version()
                    + " of model " + command.modelId() + " was already released with another released_at or notes");
        }
        ModelVersionReleased event = ModelVersionReleased.from(command);
        apply(event);
        return ReleaseOutcome.recorded(ModelVersionView.of(event));
    }

    private static void validate(ReleaseModelVersion command) {
        if (command.modelId() == null) {
            throw invalid("model_id is required");
        }
        if (command.version() == null || command.version().isBlank()) {
            throw invalid("version is required");
        }
        if (!ModelId.isWellFormed(command.version())) {
            throw invalid("version " + ModelId.RULE);
        }
        if (command.releasedAt() == null) {
            throw invalid("released_at is required");
        }
        if (command.recordedAt() == null) {
            throw invalid("recorded_at is required");
        }
        if (command.releasedAt().isAfter(command.recordedAt().plus(ReleaseModelVersion.MAX_CLOCK_SKEW))) {
            throw invalid("released_at must not be more than " + ReleaseModelVersion.MAX_CLOCK_SKEW.toMinutes()
                    + " minutes after the time it is recorded");
        }
        if (command.notes() != null && command.notes().length() > ReleaseModelVersion.MAX_NOTES_LENGTH) {
            throw invalid("notes must be at most " + ReleaseModelVersion.MAX_NOTES_LENGTH + " characters");
        }
    }

    private static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }

    @EventSourcingHandler
    void on(ModelVersionReleased event) {
        this.modelId = event.modelId();
        this.stream = Streams.model(event.modelId());
        releases.put(event.version(), event);
    }
}
