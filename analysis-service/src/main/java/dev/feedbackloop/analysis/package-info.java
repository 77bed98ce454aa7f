/** Analysis service: turns the feedback stream into metrics, drift and rule conditions for ML teams. */
package dev.feedbackloop.analysis;
