/** The write side: the Feedback and TraceAssessments aggregates and the ingestion service in front of them. */
package dev.feedbackloop.feedback.command;
