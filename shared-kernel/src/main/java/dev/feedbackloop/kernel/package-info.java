/** The published language every service shares: commands, events, queries, responses, identifiers, error codes. */
package dev.feedbackloop.kernel;
