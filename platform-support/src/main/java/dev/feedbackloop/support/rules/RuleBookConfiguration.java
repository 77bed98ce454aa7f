package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.rules.RuleBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules in force (automated triggers and alerts): the file named by {@code platform.rules.file} (environment:
 * {@code PLATFORM_RULES_FILE}), or the specification's triggers when it is not set. A file that is named but
 * missing, unreadable or invalid stops the start-up with a message naming it.
 */
@Configuration(proxyBeanMethods = false)
public class RuleBookConfiguration {

    public static final String FILE_PROPERTY = "platform.rules.file";
    private static final Logger log = LoggerFactory.getLogger(RuleBookConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    public RuleBook ruleBook(Environment environment) {
        String configured = environment.getProperty(FILE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            RuleBook book = RuleBookLoader.defaults();
            log.info("Trigger rules: {} loaded from classpath:{} ({} not set): {} automated triggers, {} alerts",
                    book.rules().size(), RuleBookLoader.DEFAULT_RESOURCE, FILE_PROPERTY,
                    book.rules().size() - book.alerts().size(), book.alerts().size());
            return book;
        }
        Path file = Path.of(configured.strip()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new RuleBookException(FILE_PROPERTY + " (PLATFORM_RULES_FILE) names " + file
                    + ", which is not a file that exists");
        }
        if (!Files.isReadable(file)) {
            throw new RuleBookException(FILE_PROPERTY + " (PLATFORM_RULES_FILE) names " + file
                    + ", which this process may not read");
        }
        RuleBook book = RuleBookLoader.load(file);
        log.info("Trigger rules: {} loaded from {}: {} automated triggers, {} alerts", book.rules().size(), file,
                book.rules().size() - book.alerts().size(), book.alerts().size());
        return book;
    }
}
