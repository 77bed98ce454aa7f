package dev.feedbackloop.trigger.ticket;

import org.junit.jupiter.api.Test;

import static dev.feedbackloop.kernel.trigger.Priority.CRITICAL;
import static dev.feedbackloop.kernel.trigger.Priority.HIGH;
import static dev.feedbackloop.kernel.trigger.Priority.LOW;
import static dev.feedbackloop.kernel.trigger.Priority.MEDIUM;
import static dev.feedbackloop.kernel.trigger.Severity.INFO;
import static dev.feedbackloop.kernel.trigger.Severity.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TicketPriorityTest {

    @Test
    void theRulePriorityStandsForSmallNonCriticalIncidents() {
        assertEquals(LOW, TicketPriority.rank(LOW, INFO, 0));
        assertEquals(MEDIUM, TicketPriority.rank(MEDIUM, WARNING, 999));
        assertEquals(HIGH, TicketPriority.rank(HIGH, null, 10));
    }

    @Test
    void aRuleWithoutPriorityStartsLow() {
        assertEquals(LOW, TicketPriority.rank(null, INFO, 0));
    }

    @Test
    void criticalSeverityRaisesToAtLeastHigh() {
        assertEquals(HIGH, TicketPriority.rank(LOW, dev.feedbackloop.kernel.trigger.Severity.CRITICAL, 0));
        assertEquals(HIGH, TicketPriority.rank(MEDIUM, dev.feedbackloop.kernel.trigger.Severity.CRITICAL, 0));
        assertEquals(CRITICAL, TicketPriority.rank(CRITICAL, dev.feedbackloop.kernel.trigger.Severity.CRITICAL, 0));
    }

    @Test
    void aThousandAffectedRaisesOneStep() {
        assertEquals(MEDIUM, TicketPriority.rank(LOW, INFO, 1_000));
        assertEquals(HIGH, TicketPriority.rank(MEDIUM, WARNING, 9_999));
        assertEquals(CRITICAL, TicketPriority.rank(HIGH, INFO, 5_000));
        assertEquals(CRITICAL, TicketPriority.rank(CRITICAL, INFO, 5_000));
    }

    @Test
    void severityAppliesBeforeTheVolumeStep() {
        assertEquals(CRITICAL, TicketPriority.rank(LOW, dev.feedbackloop.kernel.trigger.Severity.CRITICAL, 1_500));
    }

    @Test
    void tenThousandAffectedIsCritical() {
        assertEquals(CRITICAL, TicketPriority.rank(LOW, INFO, 10_000));
        assertEquals(CRITICAL, TicketPriority.rank(null, null, 1_000_000));
    }
}
