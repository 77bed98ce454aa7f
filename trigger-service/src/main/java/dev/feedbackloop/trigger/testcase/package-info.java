/** Test cases proposed from failures: the aggregate, its read model and its API. */
package dev.feedbackloop.trigger.testcase;
