/** Runs of automated pipelines: the aggregate, its read model and its API. */
package dev.feedbackloop.trigger.pipeline;
