package dev.feedbackloop.trigger;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The trigger service refuses to start with rules it cannot carry out, and says why. */
class TriggerStartupTest {

    @TempDir
    Path dir;

    Throwable start(String rules) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules);
        return catchThrowable(() -> {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(TriggerServiceApplication.class)
                    .properties("server.port=0", "platform.rules.file=" + file,
                            "platform.data-dir=" + TestDatabases.newDataDir("trigger-startup"))
                    .run();
            context.close();
        });
    }

    static String messages(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    @Test
    void anUnknownActionTypeStopsTheStartUp() throws Exception {
        Throwable thrown = start("""
                automated_triggers:
                  - name: "low_rating"
                    condition:
                      metric: "average_user_rating"
                      threshold: "< 3.5"
                    actions:
                      - type: "page_someone"
                """);
        assertThat(thrown).isNotNull();
        assertThat(messages(thrown)).contains("low_rating").contains("page_someone")
                .contains("alert, create_ticket");
    }

    @Test
    void anAlertOnAnUnconfiguredChannelStopsTheStartUp() throws Exception {
        Throwable thrown = start("""
                automated_triggers:
                  - name: "low_rating"
                    condition:
                      metric: "average_user_rating"
                      threshold: "< 3.5"
                    actions:
                      - type: "alert"
                        channel: "slack-ops"
                """);
        assertThat(thrown).isNotNull();
        assertThat(messages(thrown)).contains("trigger rule 'low_rating' alerts channel 'slack-ops', which is not "
                + "configured (configured channels: email-compliance, pagerduty, slack-data-team, slack-engineering, "
                + "slack-ml-team, slack-oncall, slack-qa-team, slack-security)");
    }
}
