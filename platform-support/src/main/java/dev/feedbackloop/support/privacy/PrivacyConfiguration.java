package dev.feedbackloop.support.privacy;

import dev.feedbackloop.support.secrets.SecretBox;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/** The data-subject names, the per-subject keys and the redactor of this service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacySettings.class)
public class PrivacyConfiguration {

    @Bean
    @Lazy
    public DataSubjects dataSubjects(SecretBox secretBox) {
        return new DataSubjects(secretBox.derive("data-subject"));
    }

    @Bean
    @Lazy
    public PersonalDataKeys personalDataKeys(DataSource dataSource, SecretBox secretBox, PrivacySettings settings,
                                             Clock clock) {
        return new PersonalDataKeys(dataSource, secretBox, clock, settings.keyCacheTtl());
    }

    /** Only when a retention is configured: without one, read models keep everything. */
    @Bean
    @ConditionalOnProperty("platform.privacy.read-model-retention")
    public ReadModelRetention readModelRetention(MongoDatabase database, List<RetainedCollection> collections,
                                                 PrivacySettings settings, Clock clock) {
        return new ReadModelRetention(database, collections, settings.readModelRetention(),
                settings.retentionCheckInterval(), clock);
    }

    @Bean
    public Redactor redactor(PrivacySettings settings) {
        return new Redactor(settings.redact());
    }
}
