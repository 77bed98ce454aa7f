package dev.feedbackloop.trigger.saga;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The incident saga starts from the head of the event stream the first time it runs: a trigger service deployed on
 * an event store that already holds months of conditions acts on what happens from now on, instead of raising an
 * alert for every incident of the past. Afterwards its token carries it on from where it stopped.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IncidentSettings.class)
public class IncidentSagaConfiguration {

    @Bean
    static ConfigurerModule incidentSagaStartingPoint(Environment environment) {
        boolean fromHistory = environment.getProperty("platform.incidents.from-history", Boolean.class, false);
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                IncidentSaga.PROCESSING_GROUP, (config, builder) -> builder.initialToken(fromHistory
                        ? StreamableMessageSource::createTailToken : StreamableMessageSource::createHeadToken));
    }
}
