package dev.feedbackloop.support.ops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler group that needs only the newest event of the store, not every event: a watch of the stream's
 * position. Its {@link HandledEventsSource} delivers it the last event of each run (when nothing more is available
 * yet, or every {@value HandledEventsSource#LONGEST_RUN} events), whose token covers the run, instead of offering it
 * every event of the store. Its handlers must take any payload ({@code payloadType = Object.class}) and must not
 * count: they see a sample of the events, always the newest available.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NewestEventOnly {
}
