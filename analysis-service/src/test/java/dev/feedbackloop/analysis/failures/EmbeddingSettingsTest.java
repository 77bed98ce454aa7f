package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.SentenceModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingSettingsTest {

    @Test
    void anUnknownModelIsRefusedNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> new EmbeddingSettings("gpt-4", 2, 1, 16))
                .hasMessageContaining("platform.clustering.embedding.model")
                .hasMessageContaining("bge-small-en-v1.5").hasMessageContaining("all-minilm-l6-v2").hasMessageContaining("none");
        assertThatThrownBy(() -> new EmbeddingSettings("none", 0, 1, 16)).hasMessageContaining("platform.clustering.embedding.threads");
        assertThatThrownBy(() -> new EmbeddingSettings("none", 2, 0, 16)).hasMessageContaining("platform.clustering.embedding.batch-size");
        assertThatThrownBy(() -> new EmbeddingSettings("none", 2, 65, 16)).hasMessageContaining("platform.clustering.embedding.batch-size")
                .hasMessageContaining("64");
        assertThatThrownBy(() -> new EmbeddingSettings("none", 2, 1, 0))
                .hasMessageContaining("platform.clustering.embedding.backfill-batch-size");
        assertThatThrownBy(() -> new EmbeddingSettings("none", 2, 1, 65))
                .hasMessageContaining("platform.clustering.embedding.backfill-batch-size").hasMessageContaining("64");
    }

    @Test
    void modelsAreReadFromTheirNames() {
        assertThat(new EmbeddingSettings("all-minilm-l6-v2", 2, 1, 16).sentenceModel()).isEqualTo(SentenceModel.ALL_MINILM_L6_V2);
        assertThat(new EmbeddingSettings("none", 1, 1, 16).sentenceModel()).isEqualTo(SentenceModel.NONE);
    }

    @Test
    void byDefaultEachTextIsEmbeddedAloneSoItsVectorDoesNotDependOnWhatArrivedWithIt() {
        EmbeddingSettings defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("platform.clustering.embedding", EmbeddingSettings.class);
        assertThat(defaults.batchSize()).isEqualTo(1);
        assertThat(defaults.backfillBatchSize()).as("a back-fill runs 16 texts per model run").isEqualTo(16);
        assertThat(defaults.sentenceModel()).isEqualTo(SentenceModel.BGE_SMALL_EN_V15);
        EmbeddingSettings imports = new Binder(new MapConfigurationPropertySource(
                Map.of("platform.clustering.embedding.batch-size", "16")))
                .bindOrCreate("platform.clustering.embedding", EmbeddingSettings.class);
        assertThat(imports.batchSize()).isEqualTo(16);
        EmbeddingSettings aloneEverywhere = new Binder(new MapConfigurationPropertySource(
                Map.of("platform.clustering.embedding.backfill-batch-size", "1")))
                .bindOrCreate("platform.clustering.embedding", EmbeddingSettings.class);
        assertThat(aloneEverywhere.backfillBatchSize()).isEqualTo(1);
    }
}
