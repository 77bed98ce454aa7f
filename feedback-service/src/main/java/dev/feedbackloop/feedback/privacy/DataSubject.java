package dev.feedbackloop.feedback.privacy;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.ErasePersonalData;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A data subject's audit trail: every erasure request becomes a {@link PersonalDataErased}. The key is destroyed in
 * the same transaction that stores the event (both live in the event store's database), so an erasure is never
 * recorded without taking effect, nor takes effect unrecorded.
 */
@Aggregate
public class DataSubject {

    @AggregateIdentifier
    private String stream;

    protected DataSubject() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(ErasePersonalData command, PersonalDataKeys keys) {
        boolean destroyed = keys.destroy(command.subject(), command.requestedAt());
        apply(new PersonalDataErased(command.subject(), destroyed, command.requestedBy(), command.requestedAt()));
        return destroyed;
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        this.stream = Streams.dataSubject(event.subject());
    }
}
