package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule book bean: the default rules, or the file the operator names; a bad file stops the start-up. */
@ExtendWith(OutputCaptureExtension.class)
class RuleBookConfigurationTest {

    static final String ONE_RULE = """
            automated_triggers:
              - name: retries
                condition: {metric: retry_rate, threshold: "> 0.3", window: 30m}
                actions: [{type: alert, channel: ops}]
            """;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RuleBookConfiguration.class);

    @Test
    void withoutAFileTheSpecificationsTriggersAreLoaded(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RuleBook.class).rules()).extracting(TriggerRule::name).startsWith(
                    "performance_degradation", "drift_detection", "new_failure_cluster", "performance_drop",
                    "model_update_available", "feedback_threshold", "canary_rollback", "canary_paused").hasSize(18);
        });
        assertThat(output).contains("Trigger rules: 18 loaded from classpath:" + RuleBookLoader.DEFAULT_RESOURCE)
                .contains("8 automated triggers, 10 alerts");
    }

    @Test
    void aFileNamedByThePropertyReplacesTheDefaults(@TempDir Path dir, CapturedOutput output) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), ONE_RULE);
        runner.withPropertyValues(RuleBookConfiguration.FILE_PROPERTY + "=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RuleBook.class).rules()).extracting(TriggerRule::name).containsExactly("retries");
        });
        assertThat(output).contains("Trigger rules: 1 loaded from " + file.toAbsolutePath());
    }

    @Test
    void theEnvironmentVariableNamesTheFileToo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), ONE_RULE);
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("PLATFORM_RULES_FILE", file.toString()))))
                .run(context -> assertThat(context.getBean(RuleBook.class).rule("retries")).isPresent());
    }

    @Test
    void anInvalidFileStopsTheStartUpListingItsProblems(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                automated_triggers:
                  - name: performance_degradation
                    condition: {metric: task_success_rate, threshold: "<< 0.8"}
                    actions: [{type: alert}]
                """);
        runner.withPropertyValues(RuleBookConfiguration.FILE_PROPERTY + "=" + file).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(RuleBookException.class)
                    .hasMessageContaining("2 problems in trigger rules " + file.toAbsolutePath())
                    .hasMessageContaining("rule 'performance_degradation' (#1): condition.threshold: \"<< 0.8\" is not a comparison")
                    .hasMessageContaining("rule 'performance_degradation' (#1): actions[0].channel: missing");
        });
    }

    @Test
    void aMissingFileStopsTheStartUpNamingThePath(@TempDir Path dir) {
        Path file = dir.resolve("no-such-rules.yaml");
        runner.withPropertyValues(RuleBookConfiguration.FILE_PROPERTY + "=" + file).run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(RuleBookException.class)
                        .hasMessage("platform.rules.file (PLATFORM_RULES_FILE) names " + file.toAbsolutePath()
                                + ", which is not a file that exists"));
    }

    @Test
    void aBlankSettingMeansTheDefaults() {
        runner.withPropertyValues(RuleBookConfiguration.FILE_PROPERTY + "= ")
                .run(context -> assertThat(context.getBean(RuleBook.class).rules()).hasSize(18));
    }
}
