package dev.feedbackloop.analysis.clustering;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 */
public final class SentenceEmbedder implements AutoCloseable {

    /** A failure text is embedded up to this many characters. */
    public static final int MAX_CHARS = 2_000;

    private final SentenceModel model;
    private final OrtSession session;
    private final InProcess embeddings;
    private final ExecutorService executor;

    private SentenceEmbedder(SentenceModel model, OrtSession session, InProcess embeddings, ExecutorService executor) {
        this.model = model;
        this.session = session;
        this.embeddings = embeddings;
        this.executor = executor;
    }

    /**
     * Loads a model from its jar.
     *
     * @param threads how many texts of one call are embedded at once
     */
    public static SentenceEmbedder load(SentenceModel model, int threads) {
        Objects.requireNonNull(model, "model");
        if (model == SentenceModel.NONE) {
            throw new IllegalArgumentException("model 'none' embeds nothing");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
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
            AtomicInteger number = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sentence-embedder-" + model.wireName() + "-" + number.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor.allowCoreThreadTimeOut(true);
            return new SentenceEmbedder(model, session, new InProcess(executor, encoder, model.dimension()), executor);
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

    /** The vector of one text (unit length; all zeros for a blank text). */
    public float[] embed(String text) {
        return embedAll(List.of(text == null ? "" : text)).get(0);
    }

    /** The vectors of the texts, in their order. */
    public List<float[]> embedAll(List<String> texts) {
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
        if (!segments.isEmpty()) {
            List<Embedding> vectors = embeddings.embedAll(segments).content();
            for (int k = 0; k < vectors.size(); k++) {
                out.set(at.get(k), vectors.get(k).vector());
            }
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
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
