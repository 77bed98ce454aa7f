/** Bounds on the work one request makes the read-model store do: each query's time, carried to the store. */
package dev.feedbackloop.analysis.limits;
