package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped model, loaded from its jar: paraphrases land near each other, and a text always gets the same bits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentenceEmbedderTest {

    SentenceEmbedder embedder;

    @BeforeAll
    void load() {
        embedder = SentenceEmbedder.load(SentenceModel.BGE_SMALL_EN_V15, 2);
    }

    @AfterAll
    void close() {
        embedder.close();
    }

    @Test
    void paraphrasesOfOneFailureAreNearerToEachOtherThanToAnotherFailure() {
        List<float[]> v = embedder.embedAll(List.of("the bot pulled up someone else's account",
                "it showed me another customer's orders", "it opened the account of another person",
                "my password reset link has expired", "the flight was booked for the wrong day",
                "the generated code does not compile"));

        double paraphrases = (cosine(v.get(0), v.get(1)) + cosine(v.get(0), v.get(2)) + cosine(v.get(1), v.get(2))) / 3;
        for (int other = 3; other < 6; other++) {
            for (int p = 0; p < 3; p++) {
                assertThat(cosine(v.get(p), v.get(other))).as("paraphrase %d against failure %d", p, other)
                        .isLessThan(paraphrases);
            }
        }
        assertThat(cosine(v.get(0), v.get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTextGetsTheSameVectorAloneInABatchAndFromAnotherLoadOfTheModel() {
        List<String> texts = List.of("refund never arrived", "card got blocked for no reason", "", "booked the wrong day");
        List<float[]> batch = embedder.embedAll(texts);
        try (SentenceEmbedder other = SentenceEmbedder.load(SentenceModel.BGE_SMALL_EN_V15, 1)) {
            for (int i = 0; i < texts.size(); i++) {
                assertThat(embedder.embed(texts.get(i))).isEqualTo(batch.get(i));
                assertThat(other.embed(texts.get(i))).isEqualTo(batch.get(i));
            }
        }
        assertThat(batch.get(2)).as("a blank text has no direction").containsOnly(0f).hasSize(384);
    }

    @Test
    void inBatchesEachTextKeepsItsPlaceAndNearlyItsOwnVectorAndATextTooLongForOneRunIsEmbeddedAlone() {
        List<String> texts = new ArrayList<>();
        for (PhrasedFailures.Domain domain : PhrasedFailures.Domain.values()) {
            new PhrasedFailures(domain, 5).generate(3, 0.2, "t", Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(1))
                    .forEach(l -> texts.add(l.failure().text()));
        }
        texts.add(3, "");
        String tooLong = "no ".repeat(600);
        texts.add(7, tooLong);
        List<float[]> alone = texts.stream().map(embedder::embed).toList();

        try (SentenceEmbedder batched = SentenceEmbedder.load(SentenceModel.BGE_SMALL_EN_V15, 2, 16)) {
            List<float[]> inBatches = batched.embedAll(texts);

            assertThat(inBatches).hasSameSizeAs(texts);
            assertThat(inBatches.get(3)).as("a blank text").containsOnly(0f);
            assertThat(Arrays.equals(inBatches.get(7), alone.get(7))).as("over 512 tokens, cut into parts alone").isTrue();
            for (int i = 0; i < texts.size(); i++) {
                if (i == 3) {
                    continue;
                }
                int nearest = 0;
                for (int k = 1; k < alone.size(); k++) {
                    if (cosine(inBatches.get(i), alone.get(k)) > cosine(inBatches.get(i), alone.get(nearest))) {
                        nearest = k;
                    }
                }
                assertThat(texts.get(nearest)).as("the vector in place %d is the one of its own text", i).isEqualTo(texts.get(i));
                assertThat(cosine(inBatches.get(i), alone.get(i))).as(texts.get(i)).isGreaterThan(0.95);
            }
        }
        assertThat(texts.size()).isGreaterThan(40);
    }

    @Test
    void noneIsNotAModelAndUnknownNamesAreNotFound() {
        assertThatThrownBy(() -> SentenceEmbedder.load(SentenceModel.NONE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SentenceEmbedder.load(SentenceModel.BGE_SMALL_EN_V15, 1, 65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        assertThat(SentenceModel.fromWireName(" BGE-small-en-v1.5")).contains(SentenceModel.BGE_SMALL_EN_V15);
        assertThat(SentenceModel.fromWireName("gpt")).isEmpty();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
