package dev.feedbackloop.trigger;

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

    WebTestClient client(String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10));
        return key == null ? builder.build() : builder.defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    static Map<String, Object> subscription(String url) {
        return Map.of("url", url, "event_types", List.of("TriggerConditionMet", "FailureClusterDiscovered"),
                "secret", "a-secret-of-sixteen+", "description", "nightly evaluation run");
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
                .jsonPath("$.event_types").isEqualTo(List.of("TriggerConditionMet", "FailureClusterDiscovered"))
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
                .value(not(org.hamcrest.Matchers.containsString("a-secret-of-sixteen+")));
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
                        "secret", "short", "colour", "blue"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'event_types[1]')].rule").isEqualTo(List.of("known_event_type"))
                .jsonPath("$.errors[?(@.field == 'secret')].rule").isEqualTo(List.of("length"))
                .jsonPath("$.errors[?(@.field == 'colour')].rule").isEqualTo(List.of("unknown_field"));
        manager().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "http://127.0.0.1:9/hook", "event_types", List.of(), "secret", "x".repeat(257)))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("public_host"))
                .jsonPath("$.errors[?(@.field == 'event_types')].rule").isEqualTo(List.of("not_empty"))
                .jsonPath("$.errors[?(@.field == 'secret')].rule").isEqualTo(List.of("length"));
        manager().post().uri("/api/v1/webhooks").bodyValue(Map.of("description", "no url"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'url')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'event_types')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'secret')].rule").isEqualTo(List.of("required"));
    }

    @Test
    void webhooksNeedTheTriggersScope() {
        client(null).get().uri("/api/v1/webhooks").exchange().expectStatus().isUnauthorized();
        client("reader-secret-00000001").get().uri("/api/v1/webhooks").exchange().expectStatus().isForbidden();
        client("reader-secret-00000001").post().uri("/api/v1/webhooks")
                .bodyValue(subscription("https://ci.example.com/hooks/d")).exchange().expectStatus().isForbidden();
    }
}
