package dev.feedbackloop.trigger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.testing.TestDatabases;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Alerts on an email channel reach a real SMTP server (GreenMail) as one thread per alert: the raise with its facts
 * and runbook, the resolution answering it. While the server is down the sender tries again with back-off, a bounded
 * number of times, and the delivery shows why; a channel without recipients records its alerts and sends nothing.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001",
                "platform.alerts.channels.ops-mail.type=email",
                "platform.alerts.channels.ops-mail.to=oncall@example.com, compliance@example.com",
                "platform.alerts.channels.nobody.type=email",
                "platform.alerts.smtp.host=127.0.0.1",
                "platform.alerts.smtp.from=alerts@feedbackloop.example",
                "platform.alerts.smtp.security=none",
                "platform.alerts.smtp.username=alerts",
                "platform.alerts.smtp.password=Sm7pSecret-00001",
                "platform.alerts.smtp.connect-timeout=2s",
                "platform.alerts.smtp.timeout=5s",
                "platform.alerts.smtp.retry-delay=3s",
                "platform.alerts.smtp.max-delay=3s",
                "platform.alerts.smtp.max-attempts=3",
                "platform.alerts.smtp.poll-interval=100ms"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailChannelDeliveryTest {

    static final int SMTP_PORT = freePort();
    static GreenMail smtp = server();

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static GreenMail server() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser("alerts", "alerts", "Sm7pSecret-00001");
        return server;
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-email").toString());
        registry.add("platform.alerts.smtp.port", () -> SMTP_PORT);
    }

    @BeforeAll
    void startSmtp() {
        smtp.start();
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    WebTestClient manager() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    void publish(String alertId, long sequence, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("Alert", alertId, sequence, event));
    }

    static AlertRaised raised(String alertId, String channel) {
        return new AlertRaised(alertId, "inc-1", "support-bot", "safety_concern", channel, Severity.CRITICAL,
                "safety_concern: guardrail_triggers_per_minute 64 (> 50) for agent_id=support-bot",
                "Rule safety_concern holds for agent_id=support-bot since 2026-12-04T09:58:00Z (event time).",
                "https://runbooks.internal/safety", Map.of("agent_id", "support-bot"), Instant.now());
    }

    List<MimeMessage> received(String alertId) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                String[] header = m.getHeader("X-Feedbackloop-Alert-Id");
                return header != null && header[0].equals(alertId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aRaisedAndResolvedAlertArriveAsOneThreadForEveryRecipient() throws Exception {
        publish("al-mail", 0, raised("al-mail", "ops-mail"));
        publish("al-mail", 1, new AlertResolved("al-mail", "ops-mail", "system", "the condition cleared", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> received("al-mail").size() == 4);
        List<MimeMessage> messages = received("al-mail");
        MimeMessage raise = messages.stream().filter(this::isRaise).findFirst().orElseThrow();
        MimeMessage resolve = messages.stream().filter(m -> !isRaise(m)).findFirst().orElseThrow();
        assertThat(raise.getSubject()).isEqualTo(
                "[CRITICAL] safety_concern: guardrail_triggers_per_minute 64 (> 50) for agent_id=support-bot");
        assertThat(raise.getFrom()[0].toString()).isEqualTo("alerts@feedbackloop.example");
        assertThat(Arrays.stream(raise.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactlyInAnyOrder("oncall@example.com", "compliance@example.com");
        String body = (String) raise.getContent();
        assertThat(body).startsWith("Critical alert: safety_concern")
                .containsPattern("(?m)^Runbook: +https://runbooks.internal/safety$")
                .containsPattern("(?m)^Agent: +support-bot$").containsPattern("(?m)^Incident: +inc-1$");
        assertThat(resolve.getSubject()).isEqualTo(
                "[RESOLVED] safety_concern: guardrail_triggers_per_minute 64 (> 50) for agent_id=support-bot");
        assertThat(resolve.getHeader("In-Reply-To")[0]).isEqualTo(raise.getMessageID());
        assertThat((String) resolve.getContent()).containsPattern("(?m)^Reason: +the condition cleared$");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> manager().get()
                .uri("/api/v1/channels/ops-mail/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[?(@.alert_id == 'al-mail')].state").isEqualTo(List.of("delivered", "delivered"))
                .jsonPath("$.deliveries[?(@.alert_id == 'al-mail')].attempts").isEqualTo(List.of(1, 1))
                .jsonPath("$.deliveries[?(@.alert_id == 'al-mail')].event_type")
                .isEqualTo(List.of("feedbackloop.alert.resolved", "feedbackloop.alert.raised")));
    }

    boolean isRaise(MimeMessage m) {
        try {
            return !m.getSubject().startsWith("[RESOLVED]");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whileTheServerIsDownTheSenderTriesAgainAndGivesUpAfterItsLastAttempt() throws Exception {
        smtp.stop();
        try {
            publish("al-down", 0, raised("al-down", "ops-mail"));
            // three attempts in all, a few seconds apart: then it has failed for good, saying why (never the password)
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> manager().get()
                    .uri("/api/v1/channels/ops-mail/deliveries").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.deliveries[?(@.alert_id == 'al-down')].state").isEqualTo(List.of("failed"))
                    .jsonPath("$.deliveries[?(@.alert_id == 'al-down')].attempts").isEqualTo(List.of(3))
                    .jsonPath("$.deliveries[?(@.alert_id == 'al-down')].last_error").value(
                            (List<String> errors) -> assertThat(errors).singleElement().asString()
                                    .contains("Couldn't connect").doesNotContain("Sm7pSecret")));
        } finally {
            smtp = server();
            smtp.start();
        }
        assertThat(received("al-down")).isEmpty();

        // a server that comes back within the attempts gets the message
        smtp.stop();
        try {
            publish("al-back", 0, raised("al-back", "ops-mail"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get()
                    .uri("/api/v1/channels/ops-mail/deliveries").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.deliveries[?(@.alert_id == 'al-back')].attempts").value(
                            (List<Integer> attempts) -> assertThat(attempts).singleElement().asInstanceOf(
                                    org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isGreaterThanOrEqualTo(1)));
        } finally {
            smtp = server();
            smtp.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received("al-back").size() == 2);
        manager().get().uri("/api/v1/channels/ops-mail/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[?(@.alert_id == 'al-back')].state").isEqualTo(List.of("delivered"));
    }

    @Test
    void aChannelWithoutRecipientsRecordsItsAlertsAndTheListShowsNoAddress() throws Exception {
        publish("al-nobody", 0, raised("al-nobody", "nobody"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get()
                .uri("/api/v1/channels/nobody/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries.length()").isEqualTo(1)
                .jsonPath("$.deliveries[0].state").isEqualTo("not_delivered")
                .jsonPath("$.deliveries[0].last_error").isEqualTo("not delivered: channel has no recipients"));
        assertThat(received("al-nobody")).isEmpty();
        manager().get().uri("/api/v1/channels").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.channels[?(@.name == 'ops-mail')].type").isEqualTo(List.of("email"))
                .jsonPath("$.channels[?(@.name == 'ops-mail')].recipients").isEqualTo(List.of(2))
                .jsonPath("$.channels[?(@.name == 'ops-mail')].sends").isEqualTo(List.of(true))
                .jsonPath("$.channels[?(@.name == 'nobody')].sends").isEqualTo(List.of(false))
                .jsonPath("$.channels[?(@.name == 'email-compliance')].sends").isEqualTo(List.of(false));
        manager().get().uri("/api/v1/channels").exchange().expectBody(String.class)
                .value(not(containsString("oncall@example.com")))
                .value(not(containsString("Sm7pSecret")));
    }
}
