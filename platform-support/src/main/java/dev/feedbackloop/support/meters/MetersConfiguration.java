package dev.feedbackloop.support.meters;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class MetersConfiguration {

    @Bean
    public ProcessorLag processorLag(EventProcessingConfiguration processing, DataSource dataSource, Clock clock) {
        return new ProcessorLag(processing, dataSource, clock, Duration.ofSeconds(1));
    }

    @Bean
    public PlatformMeters platformMeters(ObjectProvider<MeterRegistry> registry, ProcessorLag lag,
                                         EventProcessingConfiguration processing,
                                         ObjectProvider<HealthEndpoint> health) {
        return new PlatformMeters(registry, lag, processing, health);
    }
}
