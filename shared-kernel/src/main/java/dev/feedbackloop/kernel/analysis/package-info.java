/** Analysis context: metrics, drift, conditions and feedback search that the analysis service publishes and answers. */
package dev.feedbackloop.kernel.analysis;
