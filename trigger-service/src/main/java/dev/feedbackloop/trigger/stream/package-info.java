/**
 * The trigger event stream: trigger-side events (every trigger event, trigger conditions met and cleared, failure
 * clusters discovered) read straight from the event store, as Server-Sent Events and as pages, by position.
 */
package dev.feedbackloop.trigger.stream;
