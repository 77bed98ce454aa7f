/** Failure clustering: groups similar failed interactions into failure modes that keep their identity across runs. */
package dev.feedbackloop.analysis.clustering;
