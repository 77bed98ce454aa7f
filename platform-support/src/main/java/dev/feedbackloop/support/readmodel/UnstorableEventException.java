package dev.feedbackloop.support.readmodel;

/**
 * An event whose text no read model can hold (see {@link dev.feedbackloop.kernel.common.StorableText}). Thrown from
 * the projection's handler before anything of the event is written, so the processor parks the event in its
 * dead-letter queue and goes on with the next one.
 */
public class UnstorableEventException extends IllegalArgumentException {

    public UnstorableEventException(String eventType, String problem) {
        super("Event " + eventType + " cannot be stored in a read model: " + problem);
    }
}
