package dev.feedbackloop.support;

import dev.feedbackloop.support.aggregate.CachedCommandTargetResolver;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.consistency.ConsistencyConfiguration;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.health.ReadinessConfiguration;
import dev.feedbackloop.support.http.HttpEdgeConfiguration;
import dev.feedbackloop.support.meters.MetersConfiguration;
import dev.feedbackloop.support.ops.DeadLetterController;
import dev.feedbackloop.support.ops.EventProcessingSetup;
import dev.feedbackloop.support.ops.ProjectionAdminController;
import dev.feedbackloop.support.readmodel.ReadModelConfiguration;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.rules.RuleBookConfiguration;
import dev.feedbackloop.support.privacy.PrivacyConfiguration;
import dev.feedbackloop.support.secrets.SecretsConfiguration;
import dev.feedbackloop.support.security.SecurityConfiguration;
import dev.feedbackloop.support.serialization.SerializationConfiguration;
import dev.feedbackloop.support.store.BackgroundTransactions;
import dev.feedbackloop.support.store.EventStoreConfiguration;
import dev.feedbackloop.support.web.ProblemHandler;
import dev.feedbackloop.support.web.WebContractConfiguration;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Wires the shared infrastructure into every service, ahead of Axon's own auto-configuration and of db-scheduler's:
 * that one only starts a scheduler when it finds a DataSource, and it waits for Boot 3's DataSource
 * auto-configuration, a class Boot 4 no longer has. Without the order it ran first, found none, and Axon fell back
 * to in-memory deadlines.
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration",
        "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration"})
@EnableConfigurationProperties(PlatformProperties.class)
@Import({EventStoreConfiguration.class, SerializationConfiguration.class, ReadModelConfiguration.class,
        SecurityConfiguration.class, ProblemHandler.class, ProjectionAdminController.class, DeadLetterController.class,
        RuleBookConfiguration.class, WebContractConfiguration.class, SecretsConfiguration.class,
        HttpEdgeConfiguration.class, PrivacyConfiguration.class, MetersConfiguration.class,
        ReadinessConfiguration.class, ConsistencyConfiguration.class})
public class PlatformSupportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    public IdSource idSource() {
        return IdSource.random();
    }

    /** How every aggregate finds the target of a command: Axon's annotations, looked up once per command class. */
    @Bean
    @ConditionalOnMissingBean
    public CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Autowired
    public void configureEventProcessing(EventProcessingConfigurer configurer, PlatformProperties properties,
                                         ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                         BackgroundTransactions background, Serializer serializer,
                                         @Qualifier("eventSerializer") Serializer eventSerializer,
                                         ListableBeanFactory beans, ObjectProvider<ReadModelWriter> readModels) {
        Set<String> groups = new TreeSet<>();
        for (String name : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = beans.findAnnotationOnBean(name, ProcessingGroup.class);
            // a saga's events go to its saga manager: there is no handler invoker to dead-letter for
            if (group != null && beans.findAnnotationOnBean(name, org.axonframework.spring.stereotype.Saga.class) == null) {
                groups.add(group.value());
            }
        }
        EventProcessingSetup.apply(configurer, properties, connectionProvider, transactionManager, background.axon(),
                serializer, eventSerializer, groups);
        readModels.ifAvailable(writer -> configurer.registerDefaultHandlerInterceptor(
                (config, processor) -> writer.batchWrittenAfterItsLastEvent()));
    }
}
