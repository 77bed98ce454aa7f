package dev.feedbackloop.feedback.otlp;

import dev.feedbackloop.feedback.interaction.InteractionIngestion;
import dev.feedbackloop.feedback.interaction.PriceTable;
import dev.feedbackloop.feedback.privacy.LateDataErasure;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.store.BackgroundTransactions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import javax.sql.DataSource;

import java.time.Clock;

/** The OTLP intake's settings, mapping and spool; exporting traces takes the same scope as posting feedback. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OtlpSettings.class)
public class OtlpConfiguration {

    @Bean
    SpanMapper spanMapper(OtlpSettings settings, PriceTable prices, PlatformProperties properties) {
        return new SpanMapper(settings, prices, properties.ingest().maxClockSkew());
    }

    @Bean
    SpoolDrain otlpSpoolDrain(DataSource dataSource, BackgroundTransactions background, SpanMapper mapper,
                              InteractionIngestion ingestion, LateDataErasure lateErasure, OtlpSettings settings) {
        return new SpoolDrain(new ExportSpool(dataSource, background.platform()), mapper, ingestion, lateErasure, Clock.systemUTC(),
                settings.spool());
    }

    @Bean
    AccessRule exportTraces() {
        return AccessRule.of(HttpMethod.POST, "/v1/traces", Scope.FEEDBACK_WRITE);
    }
}
