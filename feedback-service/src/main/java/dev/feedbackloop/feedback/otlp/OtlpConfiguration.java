package dev.feedbackloop.feedback.otlp;

import dev.feedbackloop.feedback.interaction.PriceTable;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The OTLP intake's settings and mapping; exporting traces takes the same scope as posting feedback. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OtlpSettings.class)
public class OtlpConfiguration {

    @Bean
    SpanMapper spanMapper(OtlpSettings settings, PriceTable prices, PlatformProperties properties) {
        return new SpanMapper(settings, prices, properties.ingest().maxClockSkew());
    }

    @Bean
    AccessRule exportTraces() {
        return AccessRule.of(HttpMethod.POST, "/v1/traces", Scope.FEEDBACK_WRITE);
    }
}
