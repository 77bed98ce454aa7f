package dev.feedbackloop.kernel.trigger;

/** Events of an incident: one rule condition holding for one scope, from the first evaluation that found it until it cleared and its work was done. */
public sealed interface IncidentEvent extends TriggerEvent permits AutoActionRequested, IncidentCleared, IncidentClosed, IncidentOpened, IncidentRecurred,
        IncidentSeverityChanged {

    String incidentId();
}
