/** Feedback metrics in event time: hourly counters per agent, version and intent, and what is computed from them. */
package dev.feedbackloop.analysis.metrics;
