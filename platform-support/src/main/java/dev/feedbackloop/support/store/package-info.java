/** The event store and its companions (tokens, sagas, deadlines, dead letters) on PostgreSQL or embedded H2. */
package dev.feedbackloop.support.store;
