package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;

/** How a ticket an incident creates is prioritised: by its rule, its severity and the volume it affects. */
public final class TicketPriority {

    /** From this affected volume on, the priority goes up one step. */
    public static final long RAISE_FROM_VOLUME = 1_000;
    /** From this affected volume on, the priority is critical. */
    public static final long CRITICAL_FROM_VOLUME = 10_000;

    private TicketPriority() {
    }

    /**
     * The priority of a new ticket, applying in order:
     * <ol>
     *     <li>start from the rule's priority ({@code low} when the rule names none);</li>
     *     <li>a {@code critical} severity raises it to at least {@code high};</li>
     *     <li>an affected volume of {@value #RAISE_FROM_VOLUME} or more raises it one step (critical stays
     *     critical), and of {@value #CRITICAL_FROM_VOLUME} or more makes it {@code critical}.</li>
     * </ol>
     * The priority is never lowered: a critical rule stays critical whatever the volume. For example a low rule
     * with critical severity and 1,500 affected becomes high (step 2), then critical (step 3).
     */
    public static Priority rank(Priority fromRule, Severity severity, long affectedVolume) {
        Priority priority = fromRule == null ? Priority.LOW : fromRule;
        if (severity == Severity.CRITICAL) {
            priority = priority.atLeast(Priority.HIGH);
        }
        if (affectedVolume >= CRITICAL_FROM_VOLUME) {
            priority = Priority.CRITICAL;
        } else if (affectedVolume >= RAISE_FROM_VOLUME) {
            priority = oneUp(priority);
        }
        return priority;
    }

    private static Priority oneUp(Priority priority) {
        Priority[] all = Priority.values();
        return all[Math.min(priority.ordinal() + 1, all.length - 1)];
    }
}
