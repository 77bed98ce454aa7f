/** Failure modes in production: the failure window, the periodic cluster tracker, the FailureCluster aggregate and its read models. */
package dev.feedbackloop.analysis.failures;
