/** Operational metrics: interactions folded into minute and hour slices, and the queries and contract that read them. */
package dev.feedbackloop.analysis.operations;
