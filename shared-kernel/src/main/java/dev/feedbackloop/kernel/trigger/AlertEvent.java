package dev.feedbackloop.kernel.trigger;

/** Events of an alert raised on a channel. */
public sealed interface AlertEvent extends TriggerEvent permits AlertAcknowledged, AlertRaised, AlertResolved {

    String alertId();
}
