package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.SentenceEmbedder;
import dev.feedbackloop.analysis.clustering.SentenceModel;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The configured sentence-embedding model, loaded once at start-up on a thread of its own while the other beans are
 * created (a second or more off the start on a small machine); the start waits for it once every bean exists, so a
 * model that cannot load still stops the start. How its vectors are stored: {@value #VECTOR} holds the float32
 * values little-endian as BSON binary (1.5 KB for 384 dimensions), {@value #MODEL} the model's name, so that vectors
 * of another model are recognised as stale.
 */
@Component
@EnableConfigurationProperties(EmbeddingSettings.class)
public class FailureEmbeddings implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FailureEmbeddings.class);
    static final String VECTOR = "text_embedding";
    static final String MODEL = "text_embedding_model";

    private final SentenceModel model;
    private final int batchSize;
    private final int backfillBatchSize;
    private final CompletableFuture<SentenceEmbedder> loading;
    private final LongAdder embedded = new LongAdder();

    public FailureEmbeddings(EmbeddingSettings settings) {
        this.model = settings.sentenceModel();
        this.batchSize = settings.batchSize();
        this.backfillBatchSize = settings.backfillBatchSize();
        if (model == SentenceModel.NONE) {
            loading = CompletableFuture.completedFuture(null);
            log.info("Failure texts are not embedded (platform.clustering.embedding.model=none): clustering uses TF-IDF");
        } else {
            loading = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                SentenceEmbedder loaded = SentenceEmbedder.load(model, settings.threads(), settings.batchSize());
                log.info("Loaded the sentence-embedding model {} in {} ms ({} texts per model run, {} in a back-fill)",
                        model.wireName(), (System.nanoTime() - start) / 1_000_000, settings.batchSize(),
                        settings.backfillBatchSize());
                return loaded;
            }, task -> {
                Thread thread = new Thread(task, "sentence-model-load");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    /** Every bean exists: the start waits here for the model, and stops if it could not be loaded. */
    @Override
    public void afterSingletonsInstantiated() {
        embedder();
    }

    private SentenceEmbedder embedder() {
        try {
            return loading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Whether failure texts are embedded at all. */
    public boolean enabled() {
        return model != SentenceModel.NONE;
    }

    public SentenceModel model() {
        return model;
    }

    /**
     * The vectors of the texts, in order, as many per model run as configured; only when {@link #enabled()}. Failure
     * vectors are computed once and kept ({@code FailuresProjection.TEXT_EMBEDDINGS}), so a replay reads them back
     * instead of embedding again and nothing needs a batched vector's bits to repeat.
     */
    public List<float[]> embed(List<String> texts) {
        return embed(texts, batchSize);
    }

    /**
     * The vectors of the texts of a back-fill (failures stored before the model was switched on, or under another
     * model), in order, {@code backfill-batch-size} per model run: faster than each alone, for a one-off whose vectors
     * are kept; only when {@link #enabled()}.
     */
    public List<float[]> embedBackfill(List<String> texts) {
        return embed(texts, backfillBatchSize);
    }

    private List<float[]> embed(List<String> texts, int textsPerRun) {
        if (!enabled()) {
            throw new IllegalStateException("no sentence-embedding model is configured");
        }
        List<float[]> vectors = embedder().embedAll(texts, textsPerRun);
        embedded.add(texts.size());
        return vectors;
    }

    /** How many texts this process has embedded since it started ({@code feedbackloop_failures_texts_embedded_total}). */
    public long textsEmbedded() {
        return embedded.sum();
    }

    static Binary toBinary(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            bytes.putFloat(x);
        }
        return new Binary(bytes.array());
    }

    static float[] fromBinary(Object stored) {
        if (!(stored instanceof Binary binary)) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(binary.getData()).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[binary.getData().length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = bytes.getFloat();
        }
        return vector;
    }

    @Override
    public void destroy() {
        SentenceEmbedder loaded = loading.isDone() && !loading.isCompletedExceptionally() ? loading.join() : null;
        if (loaded != null) {
            loaded.close();
        }
    }
}
