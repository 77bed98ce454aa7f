/**
 * Personal data: crypto-shredding of the personal fields of stored events (a key per data subject, destroyed on
 * erasure), the names of data subjects, redaction of contact data in free text, and read-model retention.
 */
package dev.feedbackloop.support.privacy;
