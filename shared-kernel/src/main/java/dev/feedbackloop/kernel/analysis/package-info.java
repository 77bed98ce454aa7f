/** Analysis context: model versions, metrics, drift and conditions that the analysis service publishes and answers. */
package dev.feedbackloop.kernel.analysis;
