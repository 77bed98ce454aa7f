/** Trigger service: turns rule conditions into alerts, tickets, test cases and runs, and tells pipelines. */
package dev.feedbackloop.trigger;
