/** Each agent's monitor: hourly evaluation in event time of drift and rule conditions, recorded as events. */
package dev.feedbackloop.analysis.monitor;
