package dev.feedbackloop.support.http;

import dev.feedbackloop.support.config.PlatformProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP limits have sane defaults, refuse nonsense naming the setting, and Boot's own names for them. */
class ServerLimitsTest {

    static PlatformProperties.Http bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("platform", PlatformProperties.class).http();
    }

    @Test
    void withNothingSetTheLimitsAreTheDocumentedDefaults() {
        PlatformProperties.Http http = bind(Map.of());
        assertThat(http.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(http.readTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.maxConnections()).isEqualTo(10_000);
        assertThat(http.maxInitialLineLength()).isEqualTo(DataSize.ofKilobytes(32));
        assertThat(http.maxHeaderSize()).isEqualTo(DataSize.ofKilobytes(16));
    }

    @Test
    void nonsenseStopsTheStartUpNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("platform.http.idle-timeout", "0s")))
                .rootCause().hasMessageContaining("platform.http.idle-timeout");
        assertThatThrownBy(() -> bind(Map.of("platform.http.request-timeout", "2h")))
                .rootCause().hasMessageContaining("platform.http.request-timeout");
        assertThatThrownBy(() -> bind(Map.of("platform.http.max-connections", "0")))
                .rootCause().hasMessageContaining("platform.http.max-connections");
        assertThatThrownBy(() -> bind(Map.of("platform.http.max-initial-line-length", "100B")))
                .rootCause().hasMessageContaining("platform.http.max-initial-line-length");
        assertThatThrownBy(() -> bind(Map.of("platform.http.max-header-size", "2GB")))
                .rootCause().hasMessageContaining("platform.http.max-header-size");
    }

    @Test
    void bootsOwnNamesForTheseLimitsAreRefusedRatherThanSilentlyIgnored() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.netty.idle-timeout", "5m");
        assertThatThrownBy(() -> ServerLimits.customizer(bind(Map.of()), environment))
                .hasMessageContaining("server.netty.idle-timeout").hasMessageContaining("platform.http.idle-timeout");
        assertThat(ServerLimits.customizer(bind(Map.of()), new MockEnvironment())).isNotNull();
    }
}
