package dev.feedbackloop.support.health;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.feedbackloop.support.meters.ProcessorLag;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Mono;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * The indicators the readiness group ({@code /actuator/health/readiness}) is made of, besides Boot's readiness state:
 * {@code eventStore} (a query on the events table), {@code readModel} (a ping of the read-model database) and
 * {@code eventProcessors} (DOWN while a processor has a segment in error). Liveness leaves them out: a store that is
 * away is no reason to restart the process.
 */
@Configuration(proxyBeanMethods = false)
public class ReadinessConfiguration {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    public HealthIndicator eventStoreHealthIndicator(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
        return () -> {
            try {
                jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE globalIndex < 0", Long.class);
                return Health.up().build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean
    public ReactiveHealthIndicator readModelHealthIndicator(MongoDatabase readModels) {
        return () -> Mono.from(readModels.runCommand(new Document("ping", 1)))
                .timeout(PROBE_TIMEOUT)
                .map(answer -> Health.up().build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }

    @Bean
    public HealthIndicator eventProcessorsHealthIndicator(ProcessorLag lag) {
        return () -> {
            List<String> failing = lag.current().values().stream().filter(ProcessorLag.Lag::error)
                    .map(ProcessorLag.Lag::processingGroup).toList();
            return failing.isEmpty() ? Health.up().build() : Health.down().withDetail("in_error", failing).build();
        };
    }
}
