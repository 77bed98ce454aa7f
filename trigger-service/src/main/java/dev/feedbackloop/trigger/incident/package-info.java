/** Incidents, one rule condition holding for one scope from opening to closing: aggregate, read model and API. */
package dev.feedbackloop.trigger.incident;
