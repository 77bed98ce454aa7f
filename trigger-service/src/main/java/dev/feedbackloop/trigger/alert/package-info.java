/** Alerts raised on a channel for an incident: the aggregate, its read model and its API. */
package dev.feedbackloop.trigger.alert;
