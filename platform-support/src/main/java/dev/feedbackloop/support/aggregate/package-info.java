/**
 * What the aggregates share: {@link dev.feedbackloop.support.aggregate.WrongState}, the refused
 * transition (409), with the not-found and invalid answers of a command handler.
 */
package dev.feedbackloop.support.aggregate;
