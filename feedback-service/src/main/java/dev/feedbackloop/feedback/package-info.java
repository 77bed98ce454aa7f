/** Feedback service: ingests feedback and assessments from agents and serves what was stored. */
package dev.feedbackloop.feedback;
