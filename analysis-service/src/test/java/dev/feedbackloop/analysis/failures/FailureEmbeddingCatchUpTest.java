package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Failure;
import dev.feedbackloop.analysis.query.EmbeddedReadModel;
import dev.feedbackloop.kernel.analysis.FindSimilarFailures;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model switched on for a store with history: the failures stored without vectors are embedded by the tracker on
 * its next run (a back-fill several per model run, a few each alone) and kept, so the next run embeds none of them
 * again.
 */
class FailureEmbeddingCatchUpTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final List<String> REFUNDS = List.of("my refund never arrived", "still waiting for the money to come back",
            "the bot said the refund was paid but I have nothing", "where is my reimbursement, it has been weeks",
            "refund was promised and never showed up in my account", "I never got my money returned");
    static final List<String> PASSWORDS = List.of("the password reset link has expired", "cannot log in after resetting my password",
            "reset email never came so I am locked out", "it keeps rejecting my new password",
            "the sign-in code it sent does not work", "locked out of my account after the password change");

    final EmbeddedReadModel store = new EmbeddedReadModel("failure-embedding-catch-up");
    long position;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void failuresStoredBeforeTheModelWasSwitchedOnAreEmbeddedOnceAndKeptSeveralPerModelRunAsABackfill() {
        int count = EmbeddingSettings.BACKFILL_AT_LEAST + 8;
        int notAlone = catchUp(count, new EmbeddingSettings("bge-small-en-v1.5", 2, 1, 16));
        assertThat(notAlone).as("a back-fill of %d runs several texts per model run, not one by one", count).isPositive();
    }

    @Test
    void aFewFailuresWithoutAVectorAreEmbeddedEachAloneLikeTheProjectionDoes() {
        int notAlone = catchUp(EmbeddingSettings.BACKFILL_AT_LEAST - 1, new EmbeddingSettings("bge-small-en-v1.5", 2, 1, 16));
        assertThat(notAlone).as("fewer than a back-fill: each text alone, the same bits as alone").isZero();
    }

    /**
     * Stores {@code count} failures without a model, switches it on, lets the tracker embed them and checks what it
     * kept; answers how many vectors differ from their text embedded alone.
     */
    private int catchUp(int count, EmbeddingSettings embeddingSettings) {
        FailureClusterSettings settings = FailuresProjectionTest.settings(FailuresProjectionTest.ALL);
        FailuresProjection withoutModel = new FailuresProjection(store.writer, settings);
        List<String> modes = new ArrayList<>(REFUNDS);
        modes.addAll(PASSWORDS);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = modes.get(i % modes.size()) + (i < modes.size() ? "" : " (" + (i / modes.size() + 1) + " times now)");
            texts.add(text);
            withoutModel.on(FailuresProjectionTest.feedback("f" + i, T0.plusSeconds(i), new ExplicitFeedback(1, Thumbs.DOWN,
                    text, null), null, Map.of()), new GlobalSequenceTrackingToken(++position), "event-" + position);
        }

        FailureEmbeddings model = new FailureEmbeddings(embeddingSettings);
        try {
            FailuresProjection failures = new FailuresProjection(store.writer, settings, model);
            FailureClusterTracker tracker = new FailureClusterTracker(failures, model, store.writer, null, settings,
                    Clock.fixed(T0, ZoneOffset.UTC), platform(), null);
            List<StoredFailure> window = failures.window("bot", T0.minusSeconds(1), T0.plusSeconds(count + 60), 1_000);
            assertThat(window).hasSize(count).allSatisfy(f -> assertThat(f.textEmbedding("bge-small-en-v1.5")).isNull());

            FailureClusterTracker.Input first = tracker.input("bot", window);

            assertThat(first.embeddingName()).isEqualTo("bge-small-en-v1.5");
            Map<String, float[]> byId = first.failures().stream().collect(java.util.stream.Collectors.toMap(Failure::id, Failure::embedding));
            List<float[]> vectors = java.util.stream.IntStream.range(0, count).mapToObj(i -> byId.get("f" + i)).toList();
            assertThat(vectors).allSatisfy(v -> assertThat(v).hasSize(384));
            double within = 0;
            double across = 0;
            int n = REFUNDS.size();
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (a != b) {
                        within += cosine(vectors.get(a), vectors.get(b)) + cosine(vectors.get(n + a), vectors.get(n + b));
                    }
                    across += 2 * cosine(vectors.get(a), vectors.get(n + b));
                }
            }
            assertThat(within / (2 * n * (n - 1))).as("mean cosine within a mode").isGreaterThan(across / (2 * n * n) + 0.1);
            int notAlone = 0;
            for (int i = 0; i < count; i++) {
                float[] alone = model.embed(List.of(texts.get(i))).get(0);
                assertThat(cosine(vectors.get(i), alone)).as(texts.get(i)).isGreaterThan(0.95);
                notAlone += java.util.Arrays.equals(vectors.get(i), alone) ? 0 : 1;
            }

            // kept: the next run reads them back instead of embedding them again
            assertThat(failures.storedEmbeddings(window.stream().map(StoredFailure::id).toList(), "bge-small-en-v1.5"))
                    .hasSize(count);
            long embeddedBefore = model.textsEmbedded();
            FailureClusterTracker.Input second = tracker.input("bot",
                    failures.window("bot", T0.minusSeconds(1), T0.plusSeconds(count + 60), 1_000));
            assertThat(second.failures()).hasSize(count)
                    .allSatisfy(f -> assertThat(f.embedding()).as(f.id()).isEqualTo(byId.get(f.id())));
            assertThat(model.textsEmbedded()).as("nothing embedded again").isEqualTo(embeddedBefore);
            return notAlone;
        } finally {
            model.destroy();
        }
    }

    @Test
    void aRebuildReadsTheKeptVectorsBackInsteadOfEmbeddingAgain() {
        FailureClusterSettings settings = FailuresProjectionTest.settings(FailuresProjectionTest.ALL);
        List<String> texts = new ArrayList<>(REFUNDS);
        texts.addAll(PASSWORDS);
        FailureEmbeddings model = new FailureEmbeddings(new EmbeddingSettings("bge-small-en-v1.5", 2, 16, 16));
        try {
            FailuresProjection failures = new FailuresProjection(store.writer, settings, model);
            List<org.axonframework.eventhandling.EventMessage<?>> batch = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                batch.add(org.axonframework.eventhandling.GenericEventMessage.asEventMessage(FailuresProjectionTest.feedback(
                        "f" + i, T0.plusSeconds(i), new ExplicitFeedback(1, Thumbs.DOWN, texts.get(i), null), null, Map.of())));
            }
            processAsOneBatch(failures, batch);
            assertThat(model.textsEmbedded()).isEqualTo(texts.size());
            Map<String, byte[]> first = vectors();
            assertThat(first).hasSize(texts.size());
            int notAlone = 0;
            for (int i = 0; i < texts.size(); i++) {
                byte[] alone = FailureEmbeddings.toBinary(model.embed(List.of(texts.get(i))).get(0)).getData();
                notAlone += java.util.Arrays.equals(first.get("f" + i), alone) ? 0 : 1;
            }
            assertThat(notAlone).as("the projection's batch ran through the model together").isPositive();
            long embeddedBefore = model.textsEmbedded();

            // a reset drops the failures but keeps their vectors; the replay, in other batches, reads them back
            failures.reset();
            assertThat(vectors()).isEmpty();
            for (int from = 0; from < batch.size(); from += 5) {
                processAsOneBatch(failures, batch.subList(from, Math.min(batch.size(), from + 5)));
            }

            assertThat(model.textsEmbedded()).as("texts embedded by the replay").isEqualTo(embeddedBefore);
            Map<String, byte[]> rebuilt = vectors();
            assertThat(rebuilt.keySet()).isEqualTo(first.keySet());
            rebuilt.forEach((id, vector) -> assertThat(vector).as(id).isEqualTo(first.get(id)));

            // the kept vectors leave with the window
            failures.prune("bot", T0.plus(Duration.ofDays(3)), Duration.ofDays(1));
            assertThat(failures.storedEmbeddings(new ArrayList<>(first.keySet()), "bge-small-en-v1.5")).isEmpty();
        } finally {
            model.destroy();
        }
    }

    @Test
    void similarFailuresFindCandidatesWhileTheirTraceFailsAndFailuresStoredBeforeTheModel() {
        FailureClusterSettings settings = FailuresProjectionTest.settings(FailuresProjectionTest.ALL);
        new FailuresProjection(store.writer, settings).on(FailuresProjectionTest.feedback("before-model", T0, new ExplicitFeedback(1,
                Thumbs.DOWN, "I was told my refund went out but no money arrived", null), null, Map.of()),
                new GlobalSequenceTrackingToken(++position), "event-" + position);
        FailureEmbeddings model = new FailureEmbeddings(new EmbeddingSettings("bge-small-en-v1.5", 2, 1, 16));
        try {
            FailuresProjection failures = new FailuresProjection(store.writer, settings, model);
            for (int i = 0; i < 3; i++) {
                fail(failures, "f" + i, REFUNDS.get(i));
            }
            for (int i = 0; i < 20; i++) {
                fail(failures, "p" + i, PASSWORDS.get(i % PASSWORDS.size()) + ", attempt " + (i + 1));
            }
            // satisfied users, but the judge of each trace says the answer was wrong: failures while that holds
            for (int i = 0; i < 20; i++) {
                failures.on(FailuresProjectionTest.feedback("j" + i, T0.plusSeconds(100 + i), new ExplicitFeedback(5, Thumbs.UP,
                        "thanks, " + REFUNDS.get(i % REFUNDS.size()) + " (order " + (500 + i) + ")", null), null, Map.of()),
                        new GlobalSequenceTrackingToken(++position), "event-" + position);
                failures.on(FailuresProjectionTest.assessment("tr-j" + i, "a" + i, false, null, T0.plusSeconds(200)));
            }
            new FailureClusterTracker(failures, model, store.writer, null, settings, Clock.fixed(T0, ZoneOffset.UTC), platform(), null)
                    .input("bot", failures.window("bot", T0.minusSeconds(1), T0.plusSeconds(300), 100));
            List<String> refundIds = new ArrayList<>(List.of("f0", "f1", "f2", "before-model"));
            java.util.stream.IntStream.range(0, 20).forEach(i -> refundIds.add("j" + i));

            assertThat(similar(failures, "the refund was never paid back to me", null, 24))
                    .as("every refund failure: stored, stored before the model, judged").containsExactlyInAnyOrderElementsOf(refundIds);
            long embedded = model.textsEmbedded();
            assertThat(similar(failures, null, "j0", 3)).as("a candidate asked about by id is left out, its kept vector used")
                    .hasSize(3).doesNotContain("j0").allSatisfy(id -> assertThat(id).isIn(refundIds));
            assertThat(model.textsEmbedded()).isEqualTo(embedded);

            // the judge changes its mind on every one: their vectors stay until the window prunes them, unused
            for (int i = 0; i < 20; i++) {
                failures.on(FailuresProjectionTest.assessment("tr-j" + i, "b" + i, true, "a" + i, T0.plusSeconds(400)));
            }
            List<String> after = similar(failures, "the refund was never paid back to me", null, 5);
            assertThat(after).as("the four refund failures still failing, then the nearest password failure").hasSize(5);
            assertThat(after.subList(0, 4)).containsExactlyInAnyOrder("f0", "f1", "f2", "before-model");
            assertThat(after.get(4)).startsWith("p");
        } finally {
            model.destroy();
        }
    }

    private void fail(FailuresProjection failures, String id, String text) {
        failures.on(FailuresProjectionTest.feedback(id, T0.plusSeconds(position + 1), new ExplicitFeedback(1, Thumbs.DOWN, text, null),
                null, Map.of()), new GlobalSequenceTrackingToken(++position), "event-" + position);
    }

    private static List<String> similar(FailuresProjection failures, String text, String feedbackId, int limit) {
        return failures.handle(new FindSimilarFailures(text, feedbackId, text == null ? null : "bot", limit)).join().orElseThrow()
                .failures().stream().map(dev.feedbackloop.kernel.analysis.SimilarFailure::feedbackId).toList();
    }

    /** The events through the projection in one unit of work, as a processing batch runs them. */
    private void processAsOneBatch(FailuresProjection failures, List<org.axonframework.eventhandling.EventMessage<?>> events) {
        var unit = new org.axonframework.messaging.unitofwork.BatchingUnitOfWork<>(events);
        unit.executeWithResult(() -> {
            var message = org.axonframework.messaging.unitofwork.CurrentUnitOfWork.get().getMessage();
            failures.on((dev.feedbackloop.kernel.feedback.FeedbackSubmitted) message.getPayload(),
                    new GlobalSequenceTrackingToken(++position), message.getIdentifier());
            return null;
        });
    }

    private Map<String, byte[]> vectors() {
        Map<String, byte[]> byId = new java.util.TreeMap<>();
        reactor.core.publisher.Flux.from(store.writer.collection(FailuresProjection.FAILURES).find())
                .doOnNext(d -> byId.put(d.getString("_id"), ((org.bson.types.Binary) d.get(FailureEmbeddings.VECTOR)).getData()))
                .then().block(Duration.ofSeconds(10));
        return byId;
    }

    static PlatformProperties platform() {
        return new PlatformProperties(Path.of("unused"), null,
                new PlatformProperties.Mongo(null, "feedbackloop", Duration.ofSeconds(5)), null, null, null, null, null);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
