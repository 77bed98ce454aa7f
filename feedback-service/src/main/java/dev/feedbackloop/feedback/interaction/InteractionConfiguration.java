package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The price table (read once; a bad file stops the start-up) and the scope of the interaction endpoint. */
@Configuration(proxyBeanMethods = false)
public class InteractionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InteractionConfiguration.class);

    @Bean
    PriceTable priceTable(InteractionSettings settings) {
        PriceTable table = PriceTable.load(settings.pricesFile());
        log.info("Model price table: {} models in {} from {}", table.models().size(), table.currency(),
                settings.pricesFile() == null ? "the built-in table" : settings.pricesFile().toAbsolutePath());
        return table;
    }

    @Bean
    AccessRule postInteractions() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/interactions", Scope.FEEDBACK_WRITE);
    }
}
