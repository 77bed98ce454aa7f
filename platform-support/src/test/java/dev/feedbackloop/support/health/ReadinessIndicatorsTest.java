package dev.feedbackloop.support.health;

import dev.feedbackloop.support.meters.ProcessorLag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness goes DOWN while the event store cannot be read or a processor has a segment in error, and back UP. */
class ReadinessIndicatorsTest {

    final ReadinessConfiguration readiness = new ReadinessConfiguration();

    static JdbcDataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    static void createEventTable(JdbcDataSource h2) {
        new JdbcTemplate(h2).execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY, timeStamp VARCHAR(64))");
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            Object answer = answers.apply(method.getName());
            if (answer == null && !method.getReturnType().equals(Void.TYPE)) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answer;
        });
    }

    @Test
    void theEventStoreIsDownWhileItsTableCannotBeReadAndUpOnceItCan() {
        JdbcDataSource h2 = h2("readiness-" + UUID.randomUUID());
        var indicator = readiness.eventStoreHealthIndicator(h2);
        Health down = indicator.health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsKey("error");
        createEventTable(h2);
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theEventStoreIsDownWhenTheDatabaseRefusesConnections() {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");   // nothing listens on port 1
        Health health = readiness.eventStoreHealthIndicator(unreachable).health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().toString()).doesNotContain("jdbc:");     // no address or secret in the answer
    }

    @Test
    void theProcessorsAreDownWhileASegmentIsInErrorNamingTheGroup() {
        JdbcDataSource h2 = h2("readiness-processors-" + UUID.randomUUID());
        createEventTable(h2);
        AtomicBoolean inError = new AtomicBoolean(true);
        EventTrackerStatus segment = proxy(EventTrackerStatus.class, name -> switch (name) {
            case "isErrorState" -> inError.get();
            case "getCurrentPosition" -> OptionalLong.of(-1);
            default -> null;
        });
        StreamingEventProcessor processor = proxy(StreamingEventProcessor.class,
                name -> name.equals("processingStatus") ? Map.of(0, segment) : null);
        EventProcessingConfiguration processing = proxy(EventProcessingConfiguration.class,
                name -> name.equals("eventProcessors") ? Map.of("analysis-metrics", processor) : null);
        var indicator = readiness.eventProcessorsHealthIndicator(new ProcessorLag(processing, h2, Clock.systemUTC(),
                Duration.ZERO));

        Health down = indicator.health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("in_error", java.util.List.of("analysis-metrics"));
        inError.set(false);
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }
}
