package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TfIdfTest {

    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    private static Failure failure(String id, String text, String intent, String... tools) {
        return Failure.ofText(id, AT, text, intent, List.of(tools));
    }

    private final List<Failure> failures = List.of(
            failure("1", "refund never processed", "billing", "payments_api"),
            failure("2", "refunds still not processed", "billing", "payments_api"),
            failure("3", "reset link broken", "account"),
            failure("4", "password reset link expired", "account"),
            failure("5", "unique words only here", "support"));

    @Test
    void theVocabularyKeepsTermsSeenInAtLeastMinDocumentFrequencyFailures() {
        TfIdf tfidf = TfIdf.fit(failures, 100, 2, 0.5);

        assertThat(tfidf.terms()).containsExactly("intent:account", "intent:billing", "link", "process", "refund", "reset",
                "tool:payments_api");
    }

    @Test
    void theVocabularyIsCappedByDocumentFrequency() {
        TfIdf tfidf = TfIdf.fit(failures, 2, 1, 0.5);

        assertThat(tfidf.terms()).hasSize(2);
    }

    @Test
    void vectorsAreUnitLengthAndEmptyWhenNoTermIsInTheVocabulary() {
        TfIdf tfidf = TfIdf.fit(failures, 100, 2, 0.5);

        for (int i = 0; i < 4; i++) {
            double norm = 0;
            for (float v : tfidf.vectors()[i].values()) {
                norm += v * v;
            }
            assertThat(norm).isCloseTo(1.0, within(1e-6));
        }
        assertThat(tfidf.vectors()[4].isEmpty()).isTrue();
    }

    @Test
    void metaTokensWeighLessThanWordsOfTheSameFrequency() {
        TfIdf tfidf = TfIdf.fit(failures, 100, 2, 0.5);
        SparseVector first = tfidf.vectors()[0];

        float intent = weight(tfidf, first, "intent:billing");
        float refund = weight(tfidf, first, "refund");
        assertThat(intent).isCloseTo(refund / 2, within(1e-6f));
    }

    @Test
    void aStemIsShownAsTheWordMostOftenWrittenForIt() {
        List<Failure> texts = List.of(failure("1", "refunds refunds", null), failure("2", "refund refunds", null));

        assertThat(TfIdf.fit(texts, 100, 2, 0.5).surfaces()).containsExactly("refunds");
    }

    private static float weight(TfIdf tfidf, SparseVector vector, String term) {
        int index = tfidf.terms().indexOf(term);
        for (int k = 0; k < vector.indices().length; k++) {
            if (vector.indices()[k] == index) {
                return vector.values()[k];
            }
        }
        return 0;
    }
}
