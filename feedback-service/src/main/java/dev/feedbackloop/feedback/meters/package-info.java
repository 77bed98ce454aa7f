/** The feedback service's meters: what the ingestion endpoints accepted and refused, and the write queues' depth. */
package dev.feedbackloop.feedback.meters;
