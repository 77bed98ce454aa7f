package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeTicketsTest {

    @Test
    void aDropOpensAHighPriorityWarningTicketWithADeterministicId() {
        Instant at = Instant.parse("2026-11-16T00:00:00Z");
        CreateTicket ticket = JudgeTickets.ticket(new JudgeAgreementDropped("correctness", "2026-W46", 0.312, 0.8, at));
        assertThat(ticket.ticketId()).isEqualTo("tk-judges-correctness-2026-W46");
        assertThat(ticket.title()).isEqualTo(
                "Retrain the LLM judge for correctness: agreement with humans fell from 0.80 to 0.31");
        assertThat(ticket.priority()).isEqualTo(Priority.HIGH);
        assertThat(ticket.severity()).isEqualTo(Severity.WARNING);
        assertThat(ticket.agentId()).isNull();
        assertThat(ticket.rule()).isEqualTo("retrain_judges_if_drift");
        assertThat(ticket.createdAt()).isEqualTo(at);
    }

    @Test
    void theIdKeepsToIdentifierCharactersAndLength() {
        assertThat(JudgeTickets.ticketId("tone of voice/α", "2026-W46")).isEqualTo("tk-judges-tone_of_voice__-2026-W46");
        assertThat(JudgeTickets.ticketId("x".repeat(300), "2026-W46")).hasSize(128).endsWith("-2026-W46");
    }
}
