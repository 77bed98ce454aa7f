package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's erasure through the API, on the embedded stores: afterwards no read model, no stored event and no rebuilt
 * read model holds their text or id, another user's data is untouched, the ratings still count, and the erasure is
 * on record. Contact data is redacted at ingestion when configured.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=erasure-admin-secret-000001;agent=feedback:write=erasure-agent-secret-0001",
                "platform.privacy.redact=email,card"})
class PersonalDataErasureTest {

    static final String SECRET_WORDS = "my neighbour Trudi Quist wrote this";
    static final String OTHER_WORDS = "unrelated words of someone else";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("erasure").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;

    WebTestClient admin() {
        return client("erasure-admin-secret-000001");
    }

    WebTestClient client(String key) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + key).build();
    }

    void post(String id, String user, String comment, String correction) {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        client("erasure-agent-secret-0001").post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"feedback_id\": \"" + id + "\", \"trace_id\": \"t-" + id + "\", \"timestamp\": \"" + at + "\","
                        + " \"user_id\": \"" + user + "\", \"session_id\": \"s-" + user + "\","
                        + " \"explicit_feedback\": {\"rating\": 1, \"comment\": \"" + comment + "\""
                        + (correction == null ? "" : ", \"correction\": \"" + correction + "\"") + "},"
                        + " \"metadata\": {\"agent_id\": \"erasure-bot\", \"agent_version\": \"1.0\", \"home_town\": \"Quistborough\"}}")
                .exchange().expectStatus().isAccepted();
    }

    @Test
    void anErasedUsersTextLeavesEveryStoreAndStaysGoneAfterARebuild() throws Exception {
        post("erase-1", "trudi@example.org", SECRET_WORDS, "say Quist instead");
        post("erase-2", "trudi@example.org", SECRET_WORDS + " again", null);
        post("keep-1", "other-user", OTHER_WORDS, null);
        WebTestClient api = admin();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            api.get().uri("/api/v1/feedback/erase-2").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.explicit_feedback.comment").isEqualTo(SECRET_WORDS + " again");
            assertThat(search(api, "comment LIKE '%Quist%'")).hasSize(2);
        });
        assertThat(storedEventText()).contains("personal_data").doesNotContain("Trudi Quist")
                .doesNotContain("trudi@example.org");

        api.delete().uri("/api/v1/users/{user}/data", "trudi@example.org").exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.key_destroyed").isEqualTo(true)
                .jsonPath("$.requested_by").isEqualTo("ops")
                .jsonPath("$.subject").value(s -> assertThat((String) s).hasSize(24).doesNotContain("trudi"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertErased(api));
        assertThat(search(api, "rating = 1")).hasSize(3);

        // a rebuild reads the events again: the key is gone, so the text does not come back
        for (String projection : List.of("feedback-view", "analysis-feedback-search")) {
            api.post().uri("/api/v1/admin/projections/{name}/reset", projection).exchange().expectStatus().isAccepted();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            api.get().uri("/api/v1/feedback/keep-1").exchange().expectStatus().isOk();
            assertThat(search(api, "rating = 1")).hasSize(3);
            assertErased(api);
        });
        assertThat(storedEventText()).doesNotContain("Trudi Quist").doesNotContain("trudi@example.org")
                .doesNotContain("Quistborough").contains("PersonalDataErased");

        // erasing again is harmless and on record
        api.delete().uri("/api/v1/users/{user}/data", "trudi@example.org").exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.key_destroyed").isEqualTo(false);
    }

    @Test
    void erasureIsForAdminKeysOnlyAndNamesABadUserId() {
        client("erasure-agent-secret-0001").delete().uri("/api/v1/users/someone/data").exchange()
                .expectStatus().isForbidden();
        admin().delete().uri("/api/v1/users/{user}/data", "x".repeat(300)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("user_id");
    }

    @Test
    void contactDataIsRedactedAtIngestionWhenConfigured() {
        post("redact-1", "redacted-user", "write to jo.bloggs@mail.example.com, card 4111 1111 1111 1111", null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin().get().uri("/api/v1/feedback/redact-1")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.explicit_feedback.comment")
                .isEqualTo("write to [email], card [card]"));
    }

    private void assertErased(WebTestClient api) {
        for (String id : List.of("erase-1", "erase-2")) {
            api.get().uri("/api/v1/feedback/{id}", id).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.user_id").doesNotExist()
                    .jsonPath("$.session_id").doesNotExist()
                    .jsonPath("$.explicit_feedback.comment").doesNotExist()
                    .jsonPath("$.explicit_feedback.rating").isEqualTo(1)
                    .jsonPath("$.metadata.home_town").doesNotExist();
        }
        api.get().uri("/api/v1/feedback/erase-1").exchange().expectBody()
                .jsonPath("$.explicit_feedback.correction").isEqualTo("");
        api.get().uri("/api/v1/feedback/keep-1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.user_id").isEqualTo("other-user")
                .jsonPath("$.explicit_feedback.comment").isEqualTo(OTHER_WORDS);
        assertThat(search(api, "comment LIKE '%Quist%'")).isEmpty();
        assertThat(search(api, "comment LIKE '%unrelated%'")).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> search(WebTestClient api, String filter) {
        Map<String, Object> page = api.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", filter + " AND agent_id = 'erasure-bot'", "page_size", 100))
                .exchange().expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        return (List<Map<String, Object>>) page.get("feedback");
    }

    /** Every stored event payload as text, as someone reading the database (or a backup of it) would see it. */
    private String storedEventText() throws Exception {
        List<String> payloads = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT payloadType, payload FROM DomainEventEntry")) {
            while (rows.next()) {
                payloads.add(rows.getString(1) + " " + new String(rows.getBytes(2), StandardCharsets.UTF_8));
            }
        }
        return String.join("\n", payloads);
    }
}
