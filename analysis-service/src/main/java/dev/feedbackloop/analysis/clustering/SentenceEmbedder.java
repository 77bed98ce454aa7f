package dev.feedbackloop.analysis.clustering;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded {@link SentenceModel}: turns failure texts into unit-length vectors, in-process (ONNX Runtime).
 * <p>
 * Each ONNX session runs single-threaded (intra-op threads 1) and texts are spread over {@code threads} threads of
 * its own, one text per task: a text's vector then never depends on how many texts were embedded with it or on the
 * machine's core count, so a rebuild gives the same vectors. Texts longer than {@link #MAX_CHARS} are cut there,
 * which bounds the cost of one failure (the models read at most 510 tokens at a time anyway). Thread-safe.
 * <p>
 * With a {@code batchSize} above 1 the texts of one call are sorted by their number of tokens and run through the
 * model {@code batchSize} at a time, padded to the longest of each group: about 1.5 times as many texts per second
 * for short failure texts, but the quantized models scale each layer's activations over the whole batch, so a text's
 * vector then depends slightly on its neighbours (cosine to its vector alone about 0.98 and more, not bit-identical), and a
 * replay no longer gives the same bits. That is for one-off back-fills, not the default.
 */
public final class SentenceEmbedder implements AutoCloseable {

    /** A failure text is embedded up to this many characters. */
    public static final int MAX_CHARS = 2_000;

    /** The most texts one model run takes when batching. */
    public static final int MAX_BATCH = 64;

    /** The most tokens one model run reads: 510 of the text, with the two special tokens around them. */
    private static final int MAX_TOKENS = 512;

    private final SentenceModel model;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final InProcess embeddings;
    private final HuggingFaceTokenizer tokenizer;
    private final ExecutorService executor;
    private final int batchSize;

    private SentenceEmbedder(SentenceModel model, OrtEnvironment environment, OrtSession session, InProcess embeddings,
                             HuggingFaceTokenizer tokenizer, ExecutorService executor, int batchSize) {
        this.model = model;
        this.environment = environment;
        this.session = session;
        this.embeddings = embeddings;
        this.tokenizer = tokenizer;
        this.executor = executor;
        this.batchSize = batchSize;
    }

    /**
     * Loads a model from its jar; each text runs through the model alone.
     *
     * @param threads how many texts of one call are embedded at once
     */
    public static SentenceEmbedder load(SentenceModel model, int threads) {
        return load(model, threads, 1);
    }

    /**
     * Loads a model from its jar.
     *
     * @param threads   how many model runs of one call go on at once (each on one core)
     * @param batchSize how many texts one model run takes (1: each text alone, its vector independent of the others)
     */
    public static SentenceEmbedder load(SentenceModel model, int threads, int batchSize) {
        Objects.requireNonNull(model, "model");
        if (model == SentenceModel.NONE) {
            throw new IllegalArgumentException("model 'none' embeds nothing");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        requireBatchSize(batchSize);
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(resource(model.modelResource()), options);
            OnnxBertBiEncoder encoder;
            try (InputStream tokenizer = stream(model.tokenizerResource())) {
                encoder = new OnnxBertBiEncoder(environment, session, tokenizer, model.pooling());
            }
            HuggingFaceTokenizer tokenizer;
            try (InputStream in = stream(model.tokenizerResource())) {
                tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false"));
            }
            AtomicInteger number = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sentence-embedder-" + model.wireName() + "-" + number.incrementAndGet());
                        t.setDaemon(true);
                        // a query's "similar failures" runs here too: not the priority of a projection that came first
                        t.setPriority(Thread.NORM_PRIORITY);
                        return t;
                    });
            executor.allowCoreThreadTimeOut(true);
            return new SentenceEmbedder(model, environment, session, new InProcess(executor, encoder, model.dimension()),
                    tokenizer, executor, batchSize);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the sentence-embedding model " + model.wireName() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sentence-embedding model " + model.wireName(), e);
        }
    }

    public SentenceModel model() {
        return model;
    }

    /** How many texts one model run takes. */
    public int batchSize() {
        return batchSize;
    }

    /** The vector of one text (unit length; all zeros for a blank text). */
    public float[] embed(String text) {
        return embedAll(List.of(text == null ? "" : text)).get(0);
    }

    /** The vectors of the texts, in their order, {@link #batchSize()} texts per model run. */
    public List<float[]> embedAll(List<String> texts) {
        return embedAll(texts, batchSize);
    }

    /**
     * The vectors of the texts, in their order, {@code batchSize} texts per model run (1: each alone).
     */
    public List<float[]> embedAll(List<String> texts, int batchSize) {
        requireBatchSize(batchSize);
        List<float[]> out = new ArrayList<>(texts.size());
        List<TextSegment> segments = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i) == null ? "" : texts.get(i).strip();
            out.add(null);
            if (text.isEmpty()) {
                out.set(i, new float[model.dimension()]);
            } else {
                segments.add(TextSegment.from(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text));
                at.add(i);
            }
        }
        if (batchSize > 1 && segments.size() > 1) {
            embedInBatches(segments, at, out, batchSize);
        } else if (!segments.isEmpty()) {
            embedAlone(segments, at, out);
        }
        return out;
    }

    private void embedAlone(List<TextSegment> segments, List<Integer> at, List<float[]> out) {
        List<Embedding> vectors = embeddings.embedAll(segments).content();
        for (int k = 0; k < vectors.size(); k++) {
            out.set(at.get(k), vectors.get(k).vector());
        }
    }

    /**
     * Texts of fewer than {@link #MAX_TOKENS} tokens run {@code batchSize} at a time, sorted by length so that little is
     * padded; longer ones (cut into parts) alone, as without batching.
     */
    private void embedInBatches(List<TextSegment> segments, List<Integer> at, List<float[]> out, int batchSize) {
        List<Integer> longOnes = new ArrayList<>();
        List<long[]> ids = new ArrayList<>(segments.size());
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            Encoding encoding = tokenizer.encode(segments.get(k).text());
            ids.add(encoding.getIds());
            // the tokenizer cuts at 512; a text that long may have been cut, and runs in parts as without batching
            if (encoding.getIds().length >= MAX_TOKENS || encoding.exceedMaxLength()) {
                longOnes.add(k);
            } else {
                order.add(k);
            }
        }
        order.sort(Comparator.comparingInt(k -> ids.get(k).length));
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            List<Integer> group = order.subList(from, Math.min(order.size(), from + batchSize));
            runs.add(CompletableFuture.runAsync(() -> {
                float[][] vectors = run(group.stream().map(ids::get).toList());
                for (int i = 0; i < group.size(); i++) {
                    out.set(at.get(group.get(i)), vectors[i]);
                }
            }, executor));
        }
        if (!longOnes.isEmpty()) {
            embedAlone(longOnes.stream().map(segments::get).toList(), longOnes.stream().map(at::get).toList(), out);
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    }

    /** One model run over token sequences padded to the longest; pooled and unit length, as the encoder does alone. */
    private float[][] run(List<long[]> sequences) {
        int rows = sequences.size();
        int length = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[] inputIds = new long[rows * length];
        long[] attentionMask = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            long[] sequence = sequences.get(r);
            System.arraycopy(sequence, 0, inputIds, r * length, sequence.length);
            Arrays.fill(attentionMask, r * length, r * length + sequence.length, 1L);
        }
        long[] shape = {rows, length};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(attentionMask), shape);
             OnnxTensor typesTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * length]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idsTensor);
            inputs.put("attention_mask", maskTensor);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typesTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    vectors[r] = unit(pool(hidden[r], sequences.get(r).length));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the sentence-embedding model " + model.wireName() + " failed: " + e.getMessage(), e);
        }
    }

    private float[] pool(float[][] tokens, int length) {
        if (model.pooling() == PoolingMode.CLS) {
            return tokens[0];
        }
        float[] mean = new float[tokens[0].length];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += tokens[t][j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= length;
        }
        return mean;
    }

    private static float[] unit(float[] vector) {
        float sumSquare = 0;
        for (float v : vector) {
            sumSquare += v * v;
        }
        float norm = (float) Math.sqrt(sumSquare);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] / norm;
        }
        return unit;
    }

    @Override
    public void close() {
        executor.shutdown();
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }

    /** langchain4j's in-process model around our own session, so that we choose its threads. */
    private static final class InProcess extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;
        private final int dimension;

        InProcess(java.util.concurrent.Executor executor, OnnxBertBiEncoder encoder, int dimension) {
            super(executor);
            this.encoder = encoder;
            this.dimension = dimension;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return dimension;
        }
    }
}
