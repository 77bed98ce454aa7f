/** Feedback context: feedback and assessments as agents submit them, and the questions asked about them. */
package dev.feedbackloop.kernel.feedback;
