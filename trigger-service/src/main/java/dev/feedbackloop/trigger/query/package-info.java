/** Trigger read models in MongoDB and the query handlers beside them. */
package dev.feedbackloop.trigger.query;
