/** The ingestion HTTP API under /api/v1: feedback, batches, traces and assessments. */
package dev.feedbackloop.feedback.web;
