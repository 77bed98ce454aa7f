package dev.feedbackloop.trigger.channel;

import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.support.rules.RuleBookLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The channels are bound from platform.alerts.* (defaults, environment) and checked against the rules at start-up. */
class AlertChannelsTest {

    static final String RULES_WITH_OPS_ALERT = """
            automated_triggers:
              - name: "low_rating"
                condition:
                  metric: "average_user_rating"
                  threshold: "< 3.5"
                actions:
                  - type: "alert"
                    channel: "pager-ops"
                    severity: "critical"
            """;

    /** The shipped defaults as the lowest-precedence source, like PlatformDefaults does for the services. */
    static ApplicationContextRunner runner(RuleBook rules, Map<String, Object> environment) {
        return new ApplicationContextRunner()
                .withInitializer(context -> {
                    try {
                        context.getEnvironment().getPropertySources().addLast(new ResourcePropertySource(
                                "platform-defaults", new ClassPathResource("platform-defaults.properties")));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    context.getEnvironment().getPropertySources()
                            .addFirst(new SystemEnvironmentPropertySource("test-environment", environment));
                })
                .withBean(RuleBook.class, () -> rules)
                .withUserConfiguration(AlertChannels.class);
    }

    @Test
    void theDefaultRulesStartWithTheShippedChannelsWhichHaveNoUrlUntilTheEnvironmentGivesOne() {
        runner(RuleBookLoader.defaults(), Map.of("PLATFORM_ALERTS_CHANNELS_SLACK_ML_TEAM_URL",
                "https://hooks.slack.com/services/T000/B000/XXXX")).run(context -> {
            assertThat(context).hasNotFailed();
            AlertChannels channels = context.getBean(AlertChannels.class);
            assertThat(channels.all()).extracting(AlertChannel::name).containsExactly("email-compliance", "pagerduty",
                    "slack-data-team", "slack-engineering", "slack-ml-team", "slack-oncall", "slack-qa-team",
                    "slack-security");
            assertThat(channels.all()).filteredOn(c -> !c.name().equals("slack-ml-team"))
                    .noneMatch(AlertChannel::sends);
            AlertChannel ml = channels.find("slack-ml-team").orElseThrow();
            assertThat(ml.type()).isEqualTo(AlertChannel.Type.SLACK);
            assertThat(ml.url()).contains(URI.create("https://hooks.slack.com/services/T000/B000/XXXX"));
            assertThat(channels.find("slack-qa-team").orElseThrow().url()).isEmpty();
        });
    }

    @Test
    void aRuleAlertingAChannelThatIsNotConfiguredStopsTheStartUpNamingRuleChannelAndTheConfiguredOnes() {
        RuleBook rules = RuleBookLoader.parse(RULES_WITH_OPS_ALERT.replace("pager-ops", "slack-ml-tem"), "test.yaml");
        runner(rules, Map.of()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "trigger rule 'low_rating' alerts channel 'slack-ml-tem', which is not configured "
                            + "(configured channels: email-compliance, pagerduty, slack-data-team, slack-engineering, "
                            + "slack-ml-team, slack-oncall, slack-qa-team, slack-security); did you mean 'slack-ml-team'?")
                    .hasMessageContaining("platform.alerts.channels.slack-ml-tem.type");
        });
    }

    @Test
    void aPagerDutyChannelWithoutRoutingKeyRecordsOnlyAndWithOneDefaultsToTheEventsApiUrl() {
        RuleBook rules = RuleBookLoader.parse(RULES_WITH_OPS_ALERT, "test.yaml");
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.pager-ops.type=pagerduty").run(context -> {
            assertThat(context).hasNotFailed();
            AlertChannel ops = context.getBean(AlertChannels.class).find("pager-ops").orElseThrow();
            assertThat(ops.url()).isEmpty();
            assertThat(ops.sends()).isFalse();
        });
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.pager-ops.type=pagerduty",
                "platform.alerts.channels.pager-ops.url=https://events.example.com/v2/enqueue").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "platform.alerts.channels.pager-ops.routing-key is missing"));
        runner(RuleBookLoader.defaults(), Map.of("PLATFORM_ALERTS_CHANNELS_PAGERDUTY_ROUTING_KEY", "R0UT1NG")).run(context ->
                assertThat(context.getBean(AlertChannels.class).find("pagerduty").orElseThrow().url())
                        .contains(URI.create("https://events.pagerduty.com/v2/enqueue")));
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.pager-ops.type=pagerduty",
                "platform.alerts.channels.pager-ops.routing-key=R0UT1NG").run(context -> {
            assertThat(context).hasNotFailed();
            AlertChannel ops = context.getBean(AlertChannels.class).find("pager-ops").orElseThrow();
            assertThat(ops.url()).contains(URI.create("https://events.pagerduty.com/v2/enqueue"));
            assertThat(ops.routingKey()).isEqualTo("R0UT1NG");
        });
    }

    @Test
    void anUnknownTypeOrABadUrlStopsTheStartUpWithoutEchoingTheUrl() {
        RuleBook rules = RuleBookLoader.defaults();
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.slack-qa-team.type=slak").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "platform.alerts.channels.slack-qa-team.type is 'slak'; it must be one of slack, pagerduty, "
                                + "generic, email (did you mean 'slack'?)"));
        runner(rules, Map.of("PLATFORM_ALERTS_CHANNELS_SLACK_QA_TEAM_URL", "hooks.slack.com/services/SECRETPATH"))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("platform.alerts.channels.slack-qa-team.url is not an absolute http(s) URL")
                        .message().doesNotContain("SECRETPATH"));
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.hook.type=generic",
                "platform.alerts.channels.hook.url=ftp://example.com/x").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("platform.alerts.channels.hook.url is not an absolute http(s) URL"));
    }

    @Test
    void anEmailChannelWithRecipientsNeedsAnSmtpServerAndASenderAndValidAddresses() {
        RuleBook rules = RuleBookLoader.defaults();
        runner(rules, Map.of("PLATFORM_ALERTS_CHANNELS_EMAIL_COMPLIANCE_TO", "compliance@example.com, audit@example.com"))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("platform.alerts.smtp.host is missing")
                        .hasMessageContaining("platform.alerts.smtp.from is missing"));
        runner(rules, Map.of("PLATFORM_ALERTS_CHANNELS_EMAIL_COMPLIANCE_TO", "compliance@example.com, not an address"))
                .withPropertyValues("platform.alerts.smtp.host=smtp.example.com",
                        "platform.alerts.smtp.from=alerts@example.com", "platform.alerts.smtp.username=alerts")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("platform.alerts.channels.email-compliance.to[1] is not an email address")
                        .hasMessageContaining("platform.alerts.smtp.username and .password are set together"));
        runner(rules, Map.of("PLATFORM_ALERTS_CHANNELS_EMAIL_COMPLIANCE_TO", "compliance@example.com, audit@example.com"))
                .withPropertyValues("platform.alerts.smtp.host=smtp.example.com",
                        "platform.alerts.smtp.from=alerts@example.com", "platform.alerts.smtp.username=alerts",
                        "platform.alerts.smtp.password=s3cret-password")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AlertChannel mail = context.getBean(AlertChannels.class).find("email-compliance").orElseThrow();
                    assertThat(mail.type()).isEqualTo(AlertChannel.Type.EMAIL);
                    assertThat(mail.recipients()).containsExactly("compliance@example.com", "audit@example.com");
                    assertThat(mail.sends()).isTrue();
                    assertThat(context.getBean(AlertChannelSettings.class).smtp().toString())
                            .contains("password=(set)").doesNotContain("s3cret");
                });
        runner(rules, Map.of()).withPropertyValues("platform.alerts.channels.mail.type=email",
                "platform.alerts.channels.mail.url=https://example.com/x").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("platform.alerts.channels.mail.url is not for email channels"));
    }

    @Test
    void aGenericChannelTakesHeadersAndASecret() {
        runner(RuleBookLoader.defaults(), Map.of()).withPropertyValues("platform.alerts.channels.ops-hook.type=generic",
                "platform.alerts.channels.ops-hook.url=https://ops.example.com/alerts",
                "platform.alerts.channels.ops-hook.headers.X-Api-Key=k-123",
                "platform.alerts.channels.ops-hook.secret=sixteen-chars-secret").run(context -> {
            assertThat(context).hasNotFailed();
            AlertChannel hook = context.getBean(AlertChannels.class).find("ops-hook").orElseThrow();
            assertThat(hook.type()).isEqualTo(AlertChannel.Type.GENERIC);
            assertThat(hook.headers()).containsValue("k-123");
            assertThat(hook.secret()).isEqualTo("sixteen-chars-secret");
        });
    }
}
