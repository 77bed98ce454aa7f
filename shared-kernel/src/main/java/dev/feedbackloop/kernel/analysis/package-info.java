/** Analysis context: metrics, drift, conditions, failure clusters, feedback search and model versions that the analysis service publishes and answers. */
package dev.feedbackloop.kernel.analysis;
