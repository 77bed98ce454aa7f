/** Evaluation runs: the aggregate with its timeout, the verdict against a baseline, the read model and the API. */
package dev.feedbackloop.trigger.evaluation;
