package dev.feedbackloop.feedback.otlp;

import org.h2.jdbcx.JdbcDataSource;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolDrainTest {

    @Test
    void exportsPastTheWaitingLimitAreRefusedAndNotSpooled() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:spool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/h2/V5__otlp_export_spool.sql"));
        }
        // not started: nothing drains, so what is accepted keeps waiting
        SpoolDrain drain = new SpoolDrain(new ExportSpool(dataSource), null, null, null, Clock.systemUTC(),
                new OtlpSettings.Spool(2, 1, Duration.ofSeconds(60), 10));

        drain.accept(new byte[]{1}, Instant.now(), List.of(), 1);
        drain.accept(new byte[]{2}, Instant.now(), List.of(), 1);
        assertThatThrownBy(() -> drain.accept(new byte[]{3}, Instant.now(), List.of(), 1))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("2 exports waiting");

        assertThat(drain.waiting()).isEqualTo(2);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM otlp_export_spool", Long.class))
                .isEqualTo(2);
    }

    /**
     * A stop drains nothing more once the web server has stopped (phase {@code DEFAULT_PHASE - 2048}), and is done
     * before Axon stops and unsubscribes its command handlers: drained later, every export in flight failed with "no
     * handler" and had an attempt counted against it at each stop (16 in one stop under OTLP load, 0 after).
     */
    @Test
    void drainingStopsAfterTheWebServerAndBeforeAxonUnsubscribesItsHandlers() {
        SpoolDrain drain = new SpoolDrain(null, null, null, null, Clock.systemUTC(),
                new OtlpSettings.Spool(2, 1, Duration.ofSeconds(60), 10));
        int webServerStop = SmartLifecycle.DEFAULT_PHASE - 2048;
        assertThat(drain.getPhase()).isLessThan(webServerStop)
                .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
                .isGreaterThan(SpringAxonConfiguration.LIFECYCLE_PHASE);
        drain.stop();
        assertThat(drain.isRunning()).isFalse();
    }
}
