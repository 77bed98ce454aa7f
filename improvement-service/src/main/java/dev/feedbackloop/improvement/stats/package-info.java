/**
 * Small, dependency-free statistics for comparing two periods or two agent versions: the standard normal
 * distribution, the pooled two-proportion z-test for rates and the Mann-Whitney U test for 1-5 ratings. Pure
 * functions of counts; nothing here reads a store.
 */
package dev.feedbackloop.improvement.stats;
