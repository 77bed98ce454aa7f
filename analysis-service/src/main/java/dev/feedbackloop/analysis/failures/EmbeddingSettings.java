package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.SentenceEmbedder;
import dev.feedbackloop.analysis.clustering.SentenceModel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which sentence-embedding model turns failure texts into vectors ({@code platform.clustering.embedding.*}, e.g.
 * {@code PLATFORM_CLUSTERING_EMBEDDING_MODEL=none}).
 *
 * @param model   {@code bge-small-en-v1.5}, {@code all-minilm-l6-v2}, or {@code none} (cluster by TF-IDF words alone);
 *                an agent's own {@code metadata.embedding} wins over either when every failure of a window has one
 * @param threads   how many model runs go on at once (each on one core)
 * @param batchSize how many texts one model run takes, 1-64. 1 (the default) embeds each text alone: its vector
 *                  never depends on what arrived with it, so the same failures cluster the same however their
 *                  processing batches fell. 16 is about 1.5 times as fast for short texts (see docs/clustering.md),
 *                  for a large import, but a vector then depends slightly on the texts run with it (cosine to the
 *                  text alone about 0.98 or more), enough to turn a loose blob of complaints into a mode in one
 *                  batching and noise in another. Either way a vector is computed once and kept, so a replay reads it
 *                  back and a rebuild gives the same bits
 * @param backfillBatchSize how many texts one model run takes in a back-fill, 1-64: when the clustering finds at
 *                  least {@value #BACKFILL_AT_LEAST} failures of a window without a vector of the model (the model
 *                  switched on, or switched, for a store with history). 16 (the default) is about 1.5 times as fast
 *                  as each text alone (100,000 failures on 2 cores: 143 against 217 s on one VM, 213 against 312 s on
 *                  a slower one); the back-fill's vectors depend slightly on the texts that shared their run, which
 *                  matters little for a one-off whose vectors are kept. The live path (the failures projection, a few
 *                  failures a batch) keeps {@code batchSize}
 */
@ConfigurationProperties("platform.clustering.embedding")
public record EmbeddingSettings(@DefaultValue("bge-small-en-v1.5") String model, @DefaultValue("2") int threads,
                                @DefaultValue("1") int batchSize, @DefaultValue("16") int backfillBatchSize) {

    /** The fewest texts without a vector in one clustering run that make it a back-fill. */
    public static final int BACKFILL_AT_LEAST = 64;

    public EmbeddingSettings {
        if (SentenceModel.fromWireName(model).isEmpty()) {
            throw new IllegalArgumentException("platform.clustering.embedding.model is one of " + SentenceModel.wireNames()
                    + ", was '" + model + "'");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("platform.clustering.embedding.threads must be between 1 and 64, was " + threads);
        }
        if (batchSize < 1 || batchSize > SentenceEmbedder.MAX_BATCH) {
            throw new IllegalArgumentException("platform.clustering.embedding.batch-size must be between 1 and "
                    + SentenceEmbedder.MAX_BATCH + ", was " + batchSize);
        }
        if (backfillBatchSize < 1 || backfillBatchSize > SentenceEmbedder.MAX_BATCH) {
            throw new IllegalArgumentException("platform.clustering.embedding.backfill-batch-size must be between 1 and "
                    + SentenceEmbedder.MAX_BATCH + ", was " + backfillBatchSize);
        }
    }

    public SentenceModel sentenceModel() {
        return SentenceModel.fromWireName(model).orElseThrow();
    }
}
