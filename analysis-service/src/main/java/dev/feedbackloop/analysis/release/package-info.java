/** Canary releases: the release aggregate, the side-by-side judge of candidate and baseline, its evaluator and REST API. */
package dev.feedbackloop.analysis.release;
