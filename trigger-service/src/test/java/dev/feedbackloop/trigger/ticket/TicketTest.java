package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.ResolveTicket;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketPrioritized;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

class TicketTest {

    static final String ID = "tk-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<Ticket> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Ticket.class);
    }

    static CreateTicket create() {
        return new CreateTicket(ID, "in-1", "support-bot", "error-rate", "Billing answers fail",
                "error_rate 0.08", Priority.HIGH, Severity.CRITICAL, 1500, Map.of("intent_category", "billing"), AT);
    }

    static TicketCreated created() {
        return new TicketCreated(ID, "in-1", "support-bot", "error-rate", "Billing answers fail",
                "error_rate 0.08", Priority.HIGH, Severity.CRITICAL, 1500, Map.of("intent_category", "billing"), AT);
    }

    @Test
    void creatingRecordsTheTicket() {
        fixture.givenNoPriorActivity().when(create()).expectEvents(created());
    }

    @Test
    void creatingTheSameIdAgainChangesNothing() {
        fixture.given(created()).when(create()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void creatingNeedsATitleAndPriority() {
        fixture.givenNoPriorActivity()
                .when(new CreateTicket(ID, null, "support-bot", null, " ", null, null, null, 0, null, AT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void aNegativeVolumeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateTicket(ID, null, "support-bot", null, "t", null, Priority.LOW, null, -1, null, AT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void prioritizingRecordsThePreviousPriority() {
        fixture.given(created()).when(new PrioritizeTicket(ID, Priority.CRITICAL, "customers escalate", "ana", LATER))
                .expectEvents(new TicketPrioritized(ID, Priority.HIGH, Priority.CRITICAL, "customers escalate", "ana", LATER));
    }

    @Test
    void prioritizingToTheCurrentPriorityChangesNothing() {
        fixture.given(created(), new TicketPrioritized(ID, Priority.HIGH, Priority.LOW, null, "ana", LATER))
                .when(new PrioritizeTicket(ID, Priority.LOW, "again", "bob", LATER.plusSeconds(1)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aResolvedTicketCannotBeReprioritized() {
        fixture.given(created(), new TicketResolved(ID, "prompt fixed", "ana", LATER))
                .when(new PrioritizeTicket(ID, Priority.LOW, null, "bob", LATER.plusSeconds(1)))
                .expectException(WrongState.class).expectNoEvents();
    }

    @Test
    void prioritizingNeedsAPriority() {
        fixture.given(created()).when(new PrioritizeTicket(ID, null, null, "bob", LATER))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void resolvingRecordsTheResolution() {
        fixture.given(created()).when(new ResolveTicket(ID, "prompt fixed", "ana", LATER))
                .expectEvents(new TicketResolved(ID, "prompt fixed", "ana", LATER));
    }

    @Test
    void resolvingAResolvedTicketChangesNothing() {
        fixture.given(created(), new TicketResolved(ID, "prompt fixed", "ana", LATER))
                .when(new ResolveTicket(ID, "again", "bob", LATER.plusSeconds(1)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void resolvingNeedsAResolution() {
        fixture.given(created()).when(new ResolveTicket(ID, " ", "ana", LATER))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void commandsToAnUnknownTicketAreNotFound() {
        fixture.givenNoPriorActivity().when(new PrioritizeTicket("nope", Priority.LOW, null, "ana", LATER))
                .expectExceptionMessage("There is no ticket 'nope'").expectNoEvents();
        fixture.givenNoPriorActivity().when(new ResolveTicket("nope", "x", "ana", LATER))
                .expectExceptionMessage("There is no ticket 'nope'").expectNoEvents();
    }
}
