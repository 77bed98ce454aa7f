package dev.feedbackloop.kernel.analysis;

/**
 * Events of a failure cluster: one failure mode of one agent, as the cluster tracker saw it run after run. Every time
 * in them is event time (the end of the window a run clustered), so clustering the same feedback again records the
 * same events at the same times.
 */
public sealed interface FailureClusterEvent permits FailureClusterDiscovered, FailureClusterGrew, FailureClusterReopened,
        FailureClusterMerged, FailureClusterSplit, FailureClusterResolved {

    String clusterId();

    String agentId();
}
