package dev.feedbackloop.support.readmodel;

/** Called by read-model writers once a batch is written, before the processor stores its token. */
@FunctionalInterface
public interface ReadModelDurability {

    ReadModelDurability ALREADY_DURABLE = () -> { };

    void afterBatchWritten();
}
