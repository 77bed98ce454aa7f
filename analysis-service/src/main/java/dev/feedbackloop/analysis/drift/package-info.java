/** Input drift by the population stability index: binning on a reference window and the PSI arithmetic. */
package dev.feedbackloop.analysis.drift;
