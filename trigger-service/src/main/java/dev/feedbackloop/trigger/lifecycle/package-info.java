/** What the test case, evaluation run and pipeline run lifecycles share: refused transitions and their HTTP form. */
package dev.feedbackloop.trigger.lifecycle;
