/** A user's right to erasure: the erasure request, its audit trail, and the redaction and retention of personal data. */
package dev.feedbackloop.feedback.privacy;
