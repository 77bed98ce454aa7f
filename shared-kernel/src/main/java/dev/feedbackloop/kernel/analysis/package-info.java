/** Analysis context: metrics, drift, conditions, feedback search and model versions that the analysis service publishes and answers. */
package dev.feedbackloop.kernel.analysis;
