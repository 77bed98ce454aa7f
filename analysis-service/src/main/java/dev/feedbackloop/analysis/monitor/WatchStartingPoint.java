package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.analysis.release.ReleaseDecisionWatch;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * The watches that turn events into rule conditions (model releases, failure clusters, release decisions) start
 * from the head of the event stream the first time they run, as the incident saga does: an analysis service that
 * gains a watch on an event store holding months of history meets conditions for what happens from then on, instead
 * of raising an alert for every past release. {@code platform.incidents.from-history=true} (which the demo sets)
 * starts them from the beginning, with the saga. Afterwards each token carries its watch on from where it stopped.
 */
@Configuration(proxyBeanMethods = false)
public class WatchStartingPoint {

    static final List<String> WATCHES = List.of(ModelReleaseWatch.PROCESSING_GROUP, ClusterWatch.PROCESSING_GROUP,
            ReleaseDecisionWatch.PROCESSING_GROUP);

    @Bean
    static ConfigurerModule watchesStartingPoint(Environment environment) {
        boolean fromHistory = environment.getProperty("platform.incidents.from-history", Boolean.class, false);
        return configurer -> WATCHES.forEach(watch -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(watch, (config, builder) -> builder.initialToken(
                        fromHistory ? StreamableMessageSource::createTailToken : StreamableMessageSource::createHeadToken)));
    }
}
