/**
 * What the improvement cycle's analyst reads, and the analyst itself: feedback outcomes per agent, version and intent
 * in hourly and daily slices of event time, agent versions with their first and last feedback, failure clusters with
 * their sizes over time, drifting features; and {@link dev.feedbackloop.improvement.analyst.DefaultCycleAnalyst},
 * which answers the cycle's questions from them (and from the ticket, incident and alert read models).
 */
package dev.feedbackloop.improvement.analyst;
