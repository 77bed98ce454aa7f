package dev.feedbackloop.support.readmodel;

/**
 * How read-model writes become durable. A real MongoDB acknowledges durable writes by itself; the embedded server
 * must be committed, and never in the middle of a write (see {@link EmbeddedMongo}).
 */
public interface ReadModelDurability {

    ReadModelDurability ALREADY_DURABLE = new ReadModelDurability() {
        @Override
        public void write(Runnable write) {
            write.run();
        }

        @Override
        public void afterBatchWritten() {
        }
    };

    /** Runs one write (which may touch several documents and indexes) as a unit with respect to commits. */
    void write(Runnable write);

    /** Called once a batch is written, before the processor stores its token. */
    void afterBatchWritten();
}
