package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;

/**
 * A significant drop of judge-human agreement opens a ticket to retrain the judge: id
 * {@code tk-judges-<name>-<week>} (so a replay or a second instance creates nothing new), priority high, severity
 * warning, for no agent in particular (the ticket's agent_id is null; a judge serves every agent), rule
 * {@value #RULE}, created at the drop's own time.
 */
@Component
@ProcessingGroup(JudgeTickets.PROCESSING_GROUP)
public class JudgeTickets {

    public static final String PROCESSING_GROUP = "trigger-judge-tickets";
    public static final String RULE = "retrain_judges_if_drift";

    private final CommandGateway commands;

    public JudgeTickets(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(JudgeAgreementDropped event) {
        commands.sendAndWait(ticket(event));
    }

    static CreateTicket ticket(JudgeAgreementDropped event) {
        String title = "Retrain the LLM judge for " + event.assessmentName() + ": agreement with humans fell from "
                + format(event.previousKappa()) + " to " + format(event.kappa());
        String description = "Cohen's kappa between LLM-judge and human assessments of '" + event.assessmentName()
                + "' fell from " + format(event.previousKappa()) + " to " + format(event.kappa()) + " in week "
                + event.week() + ", a significant drop. Review the disagreements, then retrain or re-prompt the judge.";
        return new CreateTicket(ticketId(event.assessmentName(), event.week()), null, null, RULE, title, description,
                Priority.HIGH, Severity.WARNING, 0,
                Map.of("assessment_name", event.assessmentName(), "week", event.week()), event.at());
    }

    /**
     * {@code tk-judges-<name>-<week>}; characters of the name outside [A-Za-z0-9_.:-] become '_' so the id can be
     * used in a URL path, and a long name is cut so the id stays within 128 characters.
     */
    static String ticketId(String assessmentName, String week) {
        String name = assessmentName.replaceAll("[^A-Za-z0-9_.:-]", "_");
        int room = 128 - "tk-judges-".length() - 1 - week.length();
        if (name.length() > room) {
            name = name.substring(0, room);
        }
        return "tk-judges-" + name + "-" + week;
    }

    static String format(double kappa) {
        return String.format(Locale.ROOT, "%.2f", kappa);
    }
}
