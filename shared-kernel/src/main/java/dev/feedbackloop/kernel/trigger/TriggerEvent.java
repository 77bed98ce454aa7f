package dev.feedbackloop.kernel.trigger;

/** Everything the trigger service records about the work it started: incidents, alerts, tickets, test cases and runs. */
public sealed interface TriggerEvent permits AlertEvent, EvaluationRunEvent, IncidentEvent, PipelineRunEvent, TestCaseEvent, TicketEvent {
}
