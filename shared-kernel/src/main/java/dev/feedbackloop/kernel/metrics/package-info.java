/** The metric catalog: every metric's name, unit, definition and fold, read by projections, rules, gates and the cycle. */
package dev.feedbackloop.kernel.metrics;
