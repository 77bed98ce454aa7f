/** Feedback search in the spirit of MLflow's search_traces: the filter language, its MongoDB translation, page tokens. */
package dev.feedbackloop.analysis.search;
