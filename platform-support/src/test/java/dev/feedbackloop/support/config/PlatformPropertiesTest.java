package dev.feedbackloop.support.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration binds from the environment with sane defaults and refuses bad values naming the setting. */
class PlatformPropertiesTest {

    static PlatformProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("platform", PlatformProperties.class);
    }

    @Test
    void withNothingSetTheEmbeddedStoresUnderDataAreUsed() {
        PlatformProperties properties = bind(Map.of());
        assertThat(properties.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(properties.database().embedded()).isTrue();
        assertThat(properties.mongo().embedded()).isTrue();
        assertThat(properties.ingest().maxBatchItems()).isEqualTo(1000);
        assertThat(properties.ingest().maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void environmentStyleNamesOverrideTheDefaults() {
        PlatformProperties properties = bind(Map.of(
                "platform.database.url", "jdbc:postgresql://db:5432/feedbackloop",
                "platform.mongo.uri", "mongodb://mongo:27017/?replicaSet=rs0",
                "platform.ingest.max-batch-items", "250"));
        assertThat(properties.database().embedded()).isFalse();
        assertThat(properties.mongo().embedded()).isFalse();
        assertThat(properties.ingest().maxBatchItems()).isEqualTo(250);
    }

    @Test
    void badValuesStopTheStartUpNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("platform.database.url", "mysql://x")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("platform.database.url").hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> bind(Map.of("platform.mongo.uri", "http://mongo")))
                .rootCause().hasMessageContaining("platform.mongo.uri");
        assertThatThrownBy(() -> bind(Map.of("platform.ingest.max-batch-items", "0")))
                .rootCause().hasMessageContaining("platform.ingest.max-batch-items");
        assertThatThrownBy(() -> bind(Map.of("platform.processing.segments", "many")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void aReadWaitsFiveSecondsForItsWriteUnlessToldOtherwiseAndAnUnusableBoundStopsTheStartUp() {
        assertThat(bind(Map.of()).consistency().maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bind(Map.of("platform.consistency.max-wait", "750ms")).consistency().maxWait())
                .isEqualTo(Duration.ofMillis(750));
        assertThatThrownBy(() -> bind(Map.of("platform.consistency.max-wait", "0s")))
                .rootCause().hasMessageContaining("platform.consistency.max-wait");
        assertThatThrownBy(() -> bind(Map.of("platform.consistency.max-wait", "10m")))
                .rootCause().hasMessageContaining("platform.consistency.max-wait").hasMessageContaining("60s");
        assertThatThrownBy(() -> bind(Map.of("platform.consistency.max-wait", "100ms",
                "platform.consistency.poll-interval", "1s")))
                .rootCause().hasMessageContaining("platform.consistency.poll-interval");
    }

    @Test
    void backgroundWorkCommitsAsynchronouslyOnPostgresByDefaultAndAskingForItOnH2StopsTheStartUp() {
        String postgres = "jdbc:postgresql://db:5432/feedbackloop";
        assertThat(bind(Map.of("platform.database.url", postgres)).database().asynchronousBackgroundCommits()).isTrue();
        assertThat(bind(Map.of("platform.database.url", postgres, "platform.database.background-commits", "synchronous"))
                .database().asynchronousBackgroundCommits()).isFalse();
        assertThat(bind(Map.of()).database().asynchronousBackgroundCommits()).isFalse();
        assertThat(bind(Map.of("platform.database.background-commits", "synchronous")).database()
                .asynchronousBackgroundCommits()).isFalse();
        assertThatThrownBy(() -> bind(Map.of("platform.database.background-commits", "asynchronous")))
                .rootCause().hasMessageContaining("platform.database.background-commits")
                .hasMessageContaining("only on PostgreSQL");
        assertThatThrownBy(() -> bind(Map.of("platform.database.url", postgres,
                "platform.database.background-commits", "later")))
                .rootCause().hasMessageContaining("platform.database.background-commits")
                .hasMessageContaining("asynchronous or synchronous");
    }
}
