/**
 * Trigger read models in MongoDB and the query handlers beside them, and
 * {@link dev.feedbackloop.trigger.query.Docs}, how every trigger read model stores instants and scopes.
 */
package dev.feedbackloop.trigger.query;
