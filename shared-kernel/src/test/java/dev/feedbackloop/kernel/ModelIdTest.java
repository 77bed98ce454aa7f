package dev.feedbackloop.kernel;

import dev.feedbackloop.kernel.analysis.ModelId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelIdTest {

    @Test
    void modelIdsAndVersionsAcceptSemverBuildTagsAndProviderStyleNames() {
        assertThat(ModelId.isWellFormed("2.4.0-rc.1+build.7")).isTrue();
        assertThat(ModelId.isWellFormed("gpt-4o:2024-08_06")).isTrue();
        assertThat(ModelId.of("support-bot")).hasToString("support-bot");
    }

    @Test
    void charactersOutsideTheAlphabetAreRefusedNamingModelId() {
        assertThat(ModelId.isWellFormed("a/b")).isFalse();
        assertThat(ModelId.isWellFormed("café")).isFalse();
        assertThatThrownBy(() -> ModelId.of("support bot")).hasMessageContaining("model_id");
        assertThatThrownBy(() -> ModelId.of("bot@2")).hasMessageContaining("model_id")
                .hasMessageContaining(". _ : + -");
    }

    @Test
    void emptyAndOverlongValuesAreRefused() {
        assertThat(ModelId.isWellFormed(null)).isFalse();
        assertThat(ModelId.isWellFormed("")).isFalse();
        assertThat(ModelId.isWellFormed("x".repeat(128))).isTrue();
        assertThat(ModelId.isWellFormed("x".repeat(129))).isFalse();
        assertThatThrownBy(() -> ModelId.of("x".repeat(129))).hasMessageContaining("128");
    }
}
