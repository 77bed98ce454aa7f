/** Interactions: the Interaction aggregate per trace, its ingestion in groups, the price table and its read model. */
package dev.feedbackloop.feedback.interaction;
