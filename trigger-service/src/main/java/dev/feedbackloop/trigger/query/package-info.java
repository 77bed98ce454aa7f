/** What the trigger service reads for itself from the event stream: the stream watch. */
package dev.feedbackloop.trigger.query;
