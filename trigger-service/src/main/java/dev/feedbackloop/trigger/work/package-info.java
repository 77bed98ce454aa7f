/** What the alert, ticket and incident packages share: the wrong-state rule and their HTTP helpers. */
package dev.feedbackloop.trigger.work;
