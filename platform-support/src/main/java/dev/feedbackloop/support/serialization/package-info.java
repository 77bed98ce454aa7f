/** The stored format of events, tokens and sagas: JSON written by mappers the project owns. */
package dev.feedbackloop.support.serialization;
