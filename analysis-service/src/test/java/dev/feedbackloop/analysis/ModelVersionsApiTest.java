package dev.feedbackloop.analysis;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.consistency.ConsistencyToken;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Model versions over HTTP: pipelines announce releases, ML teams list them, bad announcements store nothing. */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=pipeline=triggers:manage=pipeline-secret-0000001;"
                + "ml=analytics:read=reader-secret-00000001")
class ModelVersionsApiTest {

    static final String PIPELINE = "pipeline-secret-0000001";
    static final String READER = "reader-secret-00000001";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-models").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;

    WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String release(String version, String releasedAt, String notes) {
        return "{\"version\": \"%s\", \"released_at\": \"%s\", \"notes\": \"%s\"}".formatted(version, releasedAt, notes);
    }

    WebTestClient.ResponseSpec post(String model, String key, String body) {
        return http.post().uri("/api/v1/models/" + model + "/versions").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec get(String path, String key) {
        return http.get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }

    long eventsOf(String model) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class,
                Streams.model(model));
    }

    @Test
    void aReleaseIsAnsweredWith201AndItsRecordAndListedNewestReleasedFirst() {
        String model = unique("bot");
        post(model, PIPELINE, release("2.3.2", "2026-11-10T08:00:00+01:00", "hotfix")).expectStatus().isCreated();
        post(model, PIPELINE, release("2.4.0", "2026-11-20T10:00:00Z", "refund answers cite the policy"))
                .expectStatus().isCreated()
                .expectHeader().location("/api/v1/models/" + model + "/versions/2.4.0")
                .expectBody()
                .jsonPath("$.model_id").isEqualTo(model)
                .jsonPath("$.version").isEqualTo("2.4.0")
                .jsonPath("$.released_at").isEqualTo("2026-11-20T10:00:00Z")
                .jsonPath("$.notes").isEqualTo("refund answers cite the policy")
                .jsonPath("$.recorded_at").exists();
        // announced last, released in between: the listing follows release time, neither arrival nor version
        String token = post(model, PIPELINE, release("2.3.3", "2026-11-15T10:00:00Z", "second hotfix"))
                .expectStatus().isCreated().expectHeader().exists(ConsistencyToken.HEADER)
                .returnResult(Void.class).getResponseHeaders().getFirst(ConsistencyToken.HEADER);

        // read your writes: the last announcement's token covers the earlier ones too (positions only grow)
        get("/api/v1/models/" + model + "/versions?consistent_with=" + token, READER)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.model_id").isEqualTo(model)
                .jsonPath("$.versions[*].version").isEqualTo(List.of("2.4.0", "2.3.3", "2.3.2"))
                .jsonPath("$.versions[2].released_at").isEqualTo("2026-11-10T07:00:00Z")
                .jsonPath("$.versions[2].notes").isEqualTo("hotfix");
        get("/api/v1/models/" + model + "/versions/2.4.0", READER).expectStatus().isOk().expectBody()
                .jsonPath("$.notes").isEqualTo("refund answers cite the policy");
        get("/api/v1/models/" + model + "/versions/9.9.9", READER).expectStatus().isNotFound();
    }

    @Test
    void theModelListingShowsEachModelWithItsNewestReleasedVersion() {
        String a = unique("alpha");
        String b = unique("beta");
        // neither the first nor the last announced of alpha is its newest release
        post(a, PIPELINE, release("1.0.0", "2026-11-01T10:00:00Z", "first")).expectStatus().isCreated();
        post(a, PIPELINE, release("1.1.0", "2026-11-21T10:00:00Z", "newest")).expectStatus().isCreated();
        post(a, PIPELINE, release("1.0.1", "2026-11-05T10:00:00Z", "backport")).expectStatus().isCreated();
        post(b, PIPELINE, release("7", "2026-11-02T10:00:00Z", "only")).expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get("/api/v1/models", READER)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.models[?(@.model_id == '" + a + "')].latest_version.version").isEqualTo(List.of("1.1.0"))
                .jsonPath("$.models[?(@.model_id == '" + a + "')].latest_version.notes").isEqualTo(List.of("newest"))
                .jsonPath("$.models[?(@.model_id == '" + b + "')].latest_version.version").isEqualTo(List.of("7")));
    }

    @Test
    void theSameReleaseAnnouncedAgainIsAnswered200WithTheFirstRecordAndStoredOnce() {
        String model = unique("bot");
        String body = release("2.4.0", "2026-11-20T10:00:00Z", "n");
        byte[] first = post(model, PIPELINE, body).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String recordedAt = new String(first).replaceAll(".*\"recorded_at\":\"([^\"]+)\".*", "$1");

        post(model, PIPELINE, body).expectStatus().isOk().expectBody()
                .jsonPath("$.version").isEqualTo("2.4.0")
                .jsonPath("$.recorded_at").isEqualTo(recordedAt);
        // the same instant written in another offset is the same release
        post(model, PIPELINE, release("2.4.0", "2026-11-20T11:00:00+01:00", "n")).expectStatus().isOk();
        assertThat(eventsOf(model)).isEqualTo(1);
    }

    @Test
    void theSameVersionWithOtherContentIsA409ThatStoresNothing() {
        String model = unique("bot");
        post(model, PIPELINE, release("2.4.0", "2026-11-20T10:00:00Z", "first")).expectStatus().isCreated();
        post(model, PIPELINE, release("2.4.0", "2026-11-20T10:00:00Z", "second")).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("MODEL_VERSION_CONFLICT")
                .jsonPath("$.errors[0].field").isEqualTo("version")
                .jsonPath("$.errors[0].rule").isEqualTo("unique_content");
        assertThat(eventsOf(model)).isEqualTo(1);
    }

    @Test
    void anInvalidAnnouncementIsA400NamingEachFieldAndRuleAndStoresNothing() {
        String model = unique("bot");
        String future = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        post(model, PIPELINE, "{\"version\": \"2.4 beta\", \"released_at\": \"" + future + "\", \"notes\": 7, \"size\": 1}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'version')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'released_at')].rule").isEqualTo(List.of("not_in_future"))
                .jsonPath("$.errors[?(@.field == 'notes')].rule").isEqualTo(List.of("type"))
                .jsonPath("$.errors[?(@.field == 'size')].rule").isEqualTo(List.of("unknown_field"));
        post(model, PIPELINE, "{\"released_at\": \"20 Nov 2026\"}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'version')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'released_at')].rule").isEqualTo(List.of("format"));
        post("bot@2", PIPELINE, release("1.0", "2026-11-20T10:00:00Z", "n")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("model_id")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        post(model, PIPELINE, "{\"version\": ").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].rule").isEqualTo("json_syntax");
        assertThat(eventsOf(model)).isZero();
        assertThat(eventsOf("bot@2")).isZero();
    }

    @Test
    void announcingNeedsTriggersManageAndReadingNeedsAnalyticsRead() {
        String model = unique("bot");
        String body = release("1.0.0", "2026-11-20T10:00:00Z", "n");
        http.post().uri("/api/v1/models/" + model + "/versions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        post(model, "not-a-key-at-all-000", body).expectStatus().isUnauthorized();
        post(model, READER, body).expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("triggers:manage"));
        get("/api/v1/models", PIPELINE).expectStatus().isForbidden();
        get("/api/v1/models/" + model + "/versions", PIPELINE).expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("analytics:read"));
        http.get().uri("/api/v1/models").exchange().expectStatus().isUnauthorized();
        assertThat(eventsOf(model)).isZero();
    }
}
