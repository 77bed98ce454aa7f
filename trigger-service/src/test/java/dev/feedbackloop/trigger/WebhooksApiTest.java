package dev.feedbackloop.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The webhook API: subscribe, list, read, remove; every field checked by name; triggers:manage only. */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001")
class WebhooksApiTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-webhook-api").toString());
    }

    @Value("${local.server.port}")
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    dev.feedbackloop.support.readmodel.ReadModelWriter readModels;

    WebTestClient client(String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10));
        return key == null ? builder.build() : builder.defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static Map<String, Object> subscription(String url) {
        return Map.of("url", url, "event_types", List.of("feedbackloop.trigger.condition_met",
                        "feedbackloop.failure_cluster.discovered"),
                "secret", SECRET, "description", "nightly evaluation run");
    }

    String subscribe(String url) {
        return (String) manager().post().uri("/api/v1/webhooks").bodyValue(subscription(url)).exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", startsWith("/api/v1/webhooks/wh-"))
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    @Test
    void aSubscriptionIsCreatedListedReadAndNeverShowsItsSecret() {
        manager().post().uri("/api/v1/webhooks").bodyValue(subscription("https://ci.example.com/hooks/a")).exchange()
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.id").value(startsWith("wh-"))
                .jsonPath("$.url").isEqualTo("https://ci.example.com/hooks/a")
                .jsonPath("$.event_types").isEqualTo(List.of("feedbackloop.trigger.condition_met",
                        "feedbackloop.failure_cluster.discovered"))
                .jsonPath("$.state").isEqualTo("active")
                .jsonPath("$.secret").doesNotExist();
        String id = subscribe("https://ci.example.com/hooks/b");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.description").isEqualTo("nightly evaluation run")
                .jsonPath("$.secret").doesNotExist());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get().uri("/api/v1/webhooks")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.webhooks[*].id").value(hasItem(id))
                .jsonPath("$.webhooks[*].url").value(hasItem("https://ci.example.com/hooks/a")));
        manager().get().uri("/api/v1/webhooks").exchange().expectBody(String.class)
                .value(not(org.hamcrest.Matchers.containsString("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        manager().get().uri("/api/v1/webhooks/" + id + "/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.webhook_id").isEqualTo(id)
                .jsonPath("$.deliveries").isEmpty();
    }

    @Test
    void removingASubscriptionEndsIt() {
        String id = subscribe("https://ci.example.com/hooks/c");
        manager().delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("removed")
                .jsonPath("$.ended_at").isNotEmpty());
        manager().delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNoContent();
    }

    @Test
    void unknownSubscriptionsAreNotFound() {
        manager().get().uri("/api/v1/webhooks/wh-nope").exchange().expectStatus().isNotFound();
        manager().delete().uri("/api/v1/webhooks/wh-nope").exchange().expectStatus().isNotFound();
        manager().get().uri("/api/v1/webhooks/wh-nope/deliveries").exchange().expectStatus().isNotFound();
    }

    @Test
    void everyBrokenFieldIsNamedWithItsRule() {
        manager().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "ftp://ci.example.com/x", "event_types", List.of("TriggerConditionMet", "Nope"),
                        "secret", "a-plain-secret-of-old", "colour", "blue"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'event_types[1]')].rule").isEqualTo(List.of("known_event_type"))
                .jsonPath("$.errors[?(@.field == 'secret')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'colour')].rule").isEqualTo(List.of("unknown_field"));
        manager().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "http://127.0.0.1:9/hook", "event_types", List.of(), "secret", "x".repeat(257)))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("public_host"))
                .jsonPath("$.errors[?(@.field == 'event_types')].rule").isEqualTo(List.of("not_empty"))
                .jsonPath("$.errors[?(@.field == 'secret')].rule").isEqualTo(List.of("format"));
        manager().post().uri("/api/v1/webhooks").bodyValue(Map.of("description", "no url"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'event_types')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'secret')]").doesNotExist();
    }

    @Test
    void urlsThatCanOnlyReachTheHostOrItsNetworkAreRefused() {
        for (String url : List.of("http://localhost./hook", "http://[fd00:ec2::254]/latest/meta-data",
                "http://[fc00::1]/hook", "http://[::127.0.0.1]/hook", "http://100.64.0.1/hook", "http://198.18.0.1/hook",
                "http://metadata.google.internal/computeMetadata/v1/", "http://169.254.169.254/latest/meta-data",
                "http://[::ffff:127.0.0.1]/hook", "http://2130706433/hook", "http://[::1]:8080/hook",
                "http://127.0.0.1/hook", "http://10.0.0.1/hook", "http://printer.local/hook", "http://intranet/hook")) {
            manager().post().uri("/api/v1/webhooks").bodyValue(subscription(url)).exchange()
                    .expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("url")
                    .jsonPath("$.errors[0].rule").value(rule -> org.assertj.core.api.Assertions.assertThat(rule)
                            .as(url).isIn("public_host", "format"));
        }
        manager().post().uri("/api/v1/webhooks").bodyValue(subscription("http://[fd00:ec2::254]/x")).exchange()
                .expectBody().jsonPath("$.errors[0].message").value(m -> org.assertj.core.api.Assertions
                        .assertThat((String) m).contains("metadata"));
    }

    @Test
    void withoutASecretOneIsGeneratedAndAnsweredOnceOnly() {
        Map<?, ?> created = manager().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "https://ci.example.com/hooks/gen", "event_types", List.of("TriggerConditionMet")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String secret = (String) created.get("secret");
        org.assertj.core.api.Assertions.assertThat(secret).startsWith("whsec_");
        org.assertj.core.api.Assertions.assertThat(created.get("event_types")).isEqualTo(List.of("feedbackloop.trigger.condition_met"));
        String id = (String) created.get("id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk().expectBody(String.class).value(not(org.hamcrest.Matchers.containsString(
                        secret.substring(6)))));
        manager().get().uri("/api/v1/webhooks").exchange().expectBody(String.class)
                .value(not(org.hamcrest.Matchers.containsString(secret.substring(6))));
    }

    @Test
    void aSecretIsRotatedGeneratedOrGivenAndOnlyAnActiveSubscriptionRotates() {
        String id = subscribe("https://ci.example.com/hooks/rot");
        Map<?, ?> generated = manager().post().uri("/api/v1/webhooks/" + id + "/rotate-secret").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        org.assertj.core.api.Assertions.assertThat((String) generated.get("secret")).startsWith("whsec_");
        org.assertj.core.api.Assertions.assertThat(java.time.Duration.between(
                java.time.Instant.parse((String) generated.get("rotated_at")),
                java.time.Instant.parse((String) generated.get("previous_secret_valid_until")))).isEqualTo(Duration.ofHours(24));
        manager().post().uri("/api/v1/webhooks/" + id + "/rotate-secret")
                .bodyValue(Map.of("secret", "whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcw==")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.secret").doesNotExist();
        manager().post().uri("/api/v1/webhooks/" + id + "/rotate-secret").bodyValue(Map.of("secret", "too-plain"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("secret")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        manager().post().uri("/api/v1/webhooks/wh-nope/rotate-secret").exchange().expectStatus().isNotFound();
        manager().delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNoContent();
        manager().post().uri("/api/v1/webhooks/" + id + "/rotate-secret").exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void webhooksNeedTheTriggersScope() {
        client(null).get().uri("/api/v1/webhooks").exchange().expectStatus().isUnauthorized();
        client("reader-secret-00000001").get().uri("/api/v1/webhooks").exchange().expectStatus().isForbidden();
        client("reader-secret-00000001").post().uri("/api/v1/webhooks")
                .bodyValue(subscription("https://ci.example.com/hooks/d")).exchange().expectStatus().isForbidden();
    }

    @Test
    void theApiDescriptionShowsTheTriggerRecordsAndASecretOnlyWhereItIsAnsweredOnce() throws Exception {
        // the description is built on its first request: on a loaded machine that alone has taken over 10 s
        JsonNode api = new ObjectMapper().readTree(client(null).mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(api.at("/paths/~1api~1v1~1webhooks/post/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("/SubscribeWebhookRequest");
        assertThat(api.at("/paths/~1api~1v1~1webhooks/post/responses/201/content/application~1json/schema/$ref").asText())
                .endsWith("/SubscribedWebhook");
        assertThat(api.at("/paths/~1api~1v1~1webhooks/post/tags/0").asText()).isEqualTo("webhooks");
        JsonNode schemas = api.path("components").path("schemas");
        assertThat(schemas.at("/SubscribeWebhookRequest/required").toString()).contains("url", "event_types");
        assertThat(schemas.at("/SubscribedWebhook/properties").has("secret")).isTrue();
        assertThat(schemas.at("/Webhook/properties").has("event_types")).isTrue();
        assertThat(schemas.at("/Webhook/properties").has("secret")).isFalse();
        assertThat(schemas.at("/AlertChannel/properties").has("url_set")).isTrue();
        assertThat(schemas.at("/AlertChannel/properties").has("url")).isFalse();
        assertThat(schemas.at("/Incident/properties").has("priority_label")).isTrue();
        assertThat(api.at("/paths/~1api~1v1~1incidents/get/parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("state", "agent_id", "rule", "limit");
        // a read of tickets waits for a write's consistency token (header or parameter); writes answer with one
        assertThat(api.at("/paths/~1api~1v1~1tickets/get/parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("state", "priority", "agent_id", "limit", "X-Consistency-Token", "consistent_with");
        assertThat(api.at("/paths/~1api~1v1~1tickets/post/responses/201/headers").has("X-Consistency-Token")).isTrue();
        assertThat(api.at("/paths/~1api~1v1~1incidents/get/responses/200/headers").has("X-Consistency-Token")).isFalse();
        assertThat(api.at("/paths/~1api~1v1~1tickets/post/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("/OpenTicketRequest");
        assertThat(api.at("/paths/~1api~1v1~1triggers~1events/get/responses/200/content/application~1json/schema/$ref")
                .asText()).endsWith("/TriggerEvents");
    }

    /** The outbox's indexes are created when the service starts, the delivered entries' TTL from the retention setting. */
    @Test
    void theOutboxIndexesAreCreatedAtStartUpWithTheDeliveredRetentionAsTheirTtl() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<org.bson.Document> indexes = reactor.core.publisher.Flux.from(readModels.collection(
                    dev.feedbackloop.trigger.webhook.WebhookOutbox.DELIVERIES).listIndexes()).collectList().block();
            assertThat(indexes).extracting(d -> d.getString("name"))
                    .contains("due", "webhook_history", "channel_history", "delivered_ttl");
            assertThat(indexes).filteredOn(d -> "delivered_ttl".equals(d.getString("name"))).singleElement()
                    .satisfies(d -> assertThat(d.get("expireAfterSeconds", Number.class).longValue())
                            .isEqualTo(Duration.ofDays(7).toSeconds()));
        });
    }
}
