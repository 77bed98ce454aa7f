package dev.feedbackloop.analysis.clustering;

import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The sentence-embedding models failure clustering can run in-process, by their configuration names
 * ({@code platform.clustering.embedding.model}). Each ships inside a Maven jar (ONNX weights and tokenizer, quantized
 * to int8), so nothing is downloaded at run time. {@link #NONE} clusters by TF-IDF words alone.
 */
public enum SentenceModel {

    /** sentence-transformers all-MiniLM-L6-v2, quantized: 6 layers, mean pooling, 384 dimensions (Apache-2.0). */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            PoolingMode.MEAN, 384, 0.45),
    /** BAAI bge-small-en-v1.5, quantized: 12 layers, CLS pooling, 384 dimensions (MIT). */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            PoolingMode.CLS, 384, 0.77),
    NONE("none", null, null, null, 0, 0);

    private final String wireName;
    private final String modelResource;
    private final String tokenizerResource;
    private final PoolingMode pooling;
    private final int dimension;
    private final double sharedNorm;

    SentenceModel(String wireName, String modelResource, String tokenizerResource, PoolingMode pooling, int dimension,
                  double sharedNorm) {
        this.sharedNorm = sharedNorm;
        this.wireName = wireName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.dimension = dimension;
    }

    public String wireName() {
        return wireName;
    }

    public int dimension() {
        return dimension;
    }

    /**
     * The length of the mean vector of a varied set of failure texts (measured on {@code PhrasedFailures}' banking
     * corpus): the part every text of this model shares, which centring takes out. A window of one mode only has a
     * longer mean; taking all of it out would leave nothing but typos and item names.
     */
    public double sharedNorm() {
        return sharedNorm;
    }

    String modelResource() {
        return modelResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    PoolingMode pooling() {
        return pooling;
    }

    public static Optional<SentenceModel> fromWireName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.wireName.equals(wanted)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(SentenceModel::wireName).toList());
    }
}
