/** Readiness: the event store, the read-model store and the event processors, each as a health indicator. */
package dev.feedbackloop.support.health;
