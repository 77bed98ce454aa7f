/**
 * What every trigger aggregate shares: {@link dev.feedbackloop.trigger.aggregate.WrongState}, the refused
 * transition (409), with the not-found and invalid answers of a command handler.
 */
package dev.feedbackloop.trigger.aggregate;
