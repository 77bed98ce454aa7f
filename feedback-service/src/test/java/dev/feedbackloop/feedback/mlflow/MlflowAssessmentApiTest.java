package dev.feedbackloop.feedback.mlflow;

import dev.feedbackloop.feedback.FeedbackServiceApplication;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MLflow door end to end over HTTP on the embedded stores, with requests and responses in MLflow 3's JSON: the
 * messages of mlflow/protos/assessments.proto and service.proto (CreateAssessment, GetAssessmentRequest,
 * UpdateAssessment, DeleteAssessment, GetTraceInfoV3) as protobuf's JSON mapping writes them with the proto field
 * names, which is what the Python client's REST store sends (message_to_json, preserving_proto_field_name) and
 * parses. The Python client itself cannot be installed here (PyPI is not reachable), so these shapes, taken from the
 * protos, are the independent client.
 */
@SpringBootTest(classes = FeedbackServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=writer=feedback:write=writer-secret-00000001;"
                + "reader=analytics:read=reader-secret-00000001")
class MlflowAssessmentApiTest {

    static final String WRITER = "writer-secret-00000001";
    static final String READER = "reader-secret-00000001";
    static final String API = "/api/3.0/mlflow/traces/";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("mlflow-api").toString());
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

    static String trace() {
        return "tr-" + UUID.randomUUID();
    }

    WebTestClient.ResponseSpec send(String method, String path, String key, String body) {
        var request = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header("Authorization", "Bearer " + key);
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    String create(String trace, String assessment) {
        byte[] body = send("POST", API + trace + "/assessments", WRITER, "{\"assessment\": " + assessment + "}")
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body).replaceAll(".*\"assessment_id\":\"([^\"]+)\".*", "$1");
    }

    long eventsOf(String trace) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, "trace:" + trace);
    }

    @Test
    void feedbackLoggedAsMlflowLogFeedbackSendsItIsAnsweredAndReadBackInMlflowsShape() {
        String trace = trace();
        // CreateAssessment as mlflow.log_feedback sends it: Assessment.to_proto() with the client's own times, the
        // server-set fields empty, metadata as map<string, string>
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"assessment_name": "user_rating", "trace_id": "%s",
                  "source": {"source_type": "HUMAN", "source_id": "alice@example.com"},
                  "create_time": "2026-12-01T10:00:00.123Z", "last_update_time": "2026-12-01T10:00:00.123Z",
                  "feedback": {"value": 4}, "rationale": "fast and right",
                  "metadata": {"channel": "web", "session": "s-1"}}}""".formatted(trace))
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.assessment.assessment_id").value(id -> assertThat((String) id).startsWith("a-"))
                .jsonPath("$.assessment.assessment_name").isEqualTo("user_rating")
                .jsonPath("$.assessment.trace_id").isEqualTo(trace)
                .jsonPath("$.assessment.source.source_type").isEqualTo("HUMAN")
                .jsonPath("$.assessment.source.source_id").isEqualTo("alice@example.com")
                .jsonPath("$.assessment.feedback.value").isEqualTo(4)
                .jsonPath("$.assessment.expectation").doesNotExist()
                .jsonPath("$.assessment.rationale").isEqualTo("fast and right")
                .jsonPath("$.assessment.metadata.channel").isEqualTo("web")
                .jsonPath("$.assessment.valid").isEqualTo(true)
                .jsonPath("$.assessment.create_time").value(t -> assertThat(Instant.parse((String) t)).isAfter(Instant.parse("2026-12-01T10:00:01Z")))
                .jsonPath("$.assessment.last_update_time").isNotEmpty()
                .jsonPath("$.assessment.span_id").doesNotExist();

        String id = create(trace, """
                {"assessment_name": "groundedness", "span_id": "span-7",
                 "source": {"source_type": "LLM_JUDGE", "source_id": "judge-v2"},
                 "feedback": {"error": {"error_code": "RATE_LIMIT", "error_message": "judge was throttled"}}}""");
        // GetAssessmentRequest: GET /mlflow/traces/{trace_id}/assessments/{assessment_id}; the Python client also
        // sends trace_id and assessment_id as query parameters
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                send("GET", API + trace + "/assessments/" + id + "?trace_id=" + trace + "&assessment_id=" + id, READER, null)
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.assessment.assessment_id").isEqualTo(id)
                        .jsonPath("$.assessment.span_id").isEqualTo("span-7")
                        .jsonPath("$.assessment.source.source_type").isEqualTo("LLM_JUDGE")
                        .jsonPath("$.assessment.feedback.value").doesNotExist()
                        .jsonPath("$.assessment.feedback.error.error_code").isEqualTo("RATE_LIMIT")
                        .jsonPath("$.assessment.feedback.error.error_message").isEqualTo("judge was throttled"));

        // one model, two doors: the native API lists what the MLflow door logged
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                send("GET", "/api/v1/traces/" + trace + "/assessments", READER, null).expectStatus().isOk().expectBody()
                        .jsonPath("$.assessments.length()").isEqualTo(2)
                        .jsonPath("$.assessments[0].assessment_name").isEqualTo("user_rating")
                        .jsonPath("$.assessments[0].value").isEqualTo(4));
    }

    @Test
    void expectationsKeepTheirValueOrTheirSerializedValue() {
        String trace = trace();
        // mlflow.log_expectation: Expectation.value for JSON-able values, serialized_value otherwise
        // (assessments.proto: "Only one of either serialized_value or value may be defined")
        String plain = create(trace, """
                {"assessment_name": "expected_facts", "source": {"source_type": "HUMAN", "source_id": "bob"},
                 "expectation": {"value": ["refund within 30 days", "no fee"]}}""");
        String serialized = create(trace, """
                {"assessment_name": "expected_response", "source": {"source_type": "HUMAN", "source_id": "bob"},
                 "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT",
                                                      "value": "{\\"answer\\": null}"}}}""");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            send("GET", API + trace + "/assessments/" + plain, READER, null).expectStatus().isOk().expectBody()
                    .jsonPath("$.assessment.expectation.value").isEqualTo(List.of("refund within 30 days", "no fee"))
                    .jsonPath("$.assessment.feedback").doesNotExist();
            send("GET", API + trace + "/assessments/" + serialized, READER, null).expectStatus().isOk().expectBody()
                    .jsonPath("$.assessment.expectation.serialized_value.serialization_format").isEqualTo("JSON_FORMAT")
                    .jsonPath("$.assessment.expectation.serialized_value.value").isEqualTo("{\"answer\": null}")
                    .jsonPath("$.assessment.expectation.value").doesNotExist();
        });
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"assessment_name": "x", "source": {"source_type": "HUMAN", "source_id": "bob"},
                 "expectation": {"value": 1, "serialized_value": {"serialization_format": "JSON_FORMAT", "value": "1"}}}}""")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("assessment.expectation")
                        .contains("exactly one of value or serialized_value"));
    }

    @Test
    void anUpdateChangesOnlyWhatItsMaskNamesAndADeletedAssessmentIsGone() {
        String trace = trace();
        String id = create(trace, """
                {"assessment_name": "correctness", "source": {"source_type": "LLM_JUDGE", "source_id": "judge-v1"},
                 "feedback": {"value": false}, "rationale": "missed the refund", "metadata": {"model": "judge"}}""");
        // UpdateAssessment as the Python client sends it: update_mask is a google.protobuf.FieldMask, whose JSON is
        // one string of lowerCamelCase paths; the assessment carries the new values (and fields the mask leaves alone)
        send("PATCH", API + trace + "/assessments/" + id, WRITER, """
                {"assessment": {"assessment_id": "%s", "trace_id": "%s", "assessment_name": "ignored-not-in-mask",
                                "feedback": {"value": true}, "rationale": "the refund is there after all"},
                 "update_mask": "feedback,rationale"}""".formatted(id, trace))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.assessment.assessment_id").isEqualTo(id)
                .jsonPath("$.assessment.assessment_name").isEqualTo("correctness")
                .jsonPath("$.assessment.feedback.value").isEqualTo(true)
                .jsonPath("$.assessment.rationale").isEqualTo("the refund is there after all")
                .jsonPath("$.assessment.metadata.model").isEqualTo("judge")
                .jsonPath("$.assessment.source.source_id").isEqualTo("judge-v1");
        send("PATCH", API + trace + "/assessments/" + id, WRITER, """
                {"assessment": {"assessment_name": "answer_correct"}, "update_mask": "assessmentName"}""")
                .expectStatus().isOk().expectBody().jsonPath("$.assessment.assessment_name").isEqualTo("answer_correct");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                send("GET", API + trace + "/assessments/" + id, READER, null).expectStatus().isOk().expectBody()
                        .jsonPath("$.assessment.assessment_name").isEqualTo("answer_correct")
                        .jsonPath("$.assessment.feedback.value").isEqualTo(true)
                        .jsonPath("$.assessment.rationale").isEqualTo("the refund is there after all")
                        .jsonPath("$.assessment.last_update_time").value(t -> assertThat(Instant.parse((String) t))
                                .isAfterOrEqualTo(Instant.now().minusSeconds(60))));

        long before = eventsOf(trace);
        send("PATCH", API + trace + "/assessments/" + id, WRITER, """
                {"assessment": {"source": {"source_type": "HUMAN", "source_id": "x"}}, "update_mask": "source"}""")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("update_mask").contains("'source' cannot be updated"));
        send("PATCH", API + trace + "/assessments/" + id, WRITER, """
                {"assessment": {"expectation": {"value": "the policy"}}, "update_mask": "expectation"}""")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("is a feedback"));
        send("PATCH", API + trace + "/assessments/a-nope", WRITER, """
                {"assessment": {"rationale": "x"}, "update_mask": "rationale"}""")
                .expectStatus().isNotFound().expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(eventsOf(trace)).as("refused updates store nothing").isEqualTo(before);

        // DeleteAssessment: the Python client sends trace_id and assessment_id in a JSON body as well; MLflow answers {}
        send("DELETE", API + trace + "/assessments/" + id, WRITER,
                "{\"trace_id\": \"" + trace + "\", \"assessment_id\": \"" + id + "\"}")
                .expectStatus().isOk().expectBody().json("{}");
        send("DELETE", API + trace + "/assessments/" + id, WRITER, null)
                .expectStatus().isNotFound().expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        send("PATCH", API + trace + "/assessments/" + id, WRITER, """
                {"assessment": {"rationale": "x"}, "update_mask": "rationale"}""")
                .expectStatus().isNotFound().expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                send("GET", API + trace + "/assessments/" + id, READER, null)
                        .expectStatus().isNotFound().expectBody()
                        .jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST")
                        .jsonPath("$.message").value(m -> assertThat((String) m).contains(id)));
    }

    @Test
    void aTracesAssessmentsAreListedAsGetTraceInfoV3AnswersAndSourcesMapOntoThePlatforms() {
        String trace = trace();
        // the spec's seed code (21.4.4) logs source="user_explicit" and "system_implicit"; MLflow's deprecated
        // AI_JUDGE reads as LLM_JUDGE
        create(trace, """
                {"assessment_name": "user_rating", "source": "user_explicit", "feedback": {"value": 5}}""");
        create(trace, """
                {"assessment_name": "task_completed", "source": {"source_type": "system_implicit"}, "feedback": {"value": 1}}""");
        create(trace, """
                {"assessment_name": "relevance", "source": {"source_type": "AI_JUDGE", "source_id": "judge"},
                 "feedback": {"value": "yes"}}""");
        String deleted = create(trace, """
                {"assessment_name": "tmp", "source": {"source_type": "code", "source_id": ""}, "feedback": {"value": 0}}""");
        send("DELETE", API + trace + "/assessments/" + deleted, WRITER, null).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                send("GET", API + trace, READER, null).expectStatus().isOk().expectBody()
                        .jsonPath("$.trace.trace_info.trace_id").isEqualTo(trace)
                        .jsonPath("$.trace.trace_info.assessments.length()").isEqualTo(3)
                        .jsonPath("$.trace.trace_info.assessments[0].source.source_type").isEqualTo("HUMAN")
                        .jsonPath("$.trace.trace_info.assessments[0].source.source_id").isEqualTo("user_explicit")
                        .jsonPath("$.trace.trace_info.assessments[1].source.source_type").isEqualTo("CODE")
                        .jsonPath("$.trace.trace_info.assessments[1].source.source_id").isEqualTo("system_implicit")
                        .jsonPath("$.trace.trace_info.assessments[2].source.source_type").isEqualTo("LLM_JUDGE")
                        .jsonPath("$.trace.trace_info.assessments[2].feedback.value").isEqualTo("yes"));
        send("GET", API + trace(), READER, null).expectStatus().isNotFound().expectBody()
                .jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"assessment_name": "x", "source": {"source_type": "ROBOT"}, "feedback": {"value": 1}}}""")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("assessment.source.source_type")
                        .contains("'ROBOT' is not a source type"));
    }

    @Test
    void badRequestsAreAnsweredWithMlflowsErrorCodesAndStoreNothing() {
        String trace = trace();
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"source": {"source_type": "HUMAN", "source_id": "a"},
                                "feedback": {"value": 1}, "expectation": {"value": 2}}}""")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("assessment.assessment_name")
                        .contains("exactly one of feedback or expectation"))
                .jsonPath("$.type").doesNotExist();
        send("POST", API + trace + "/assessments", WRITER, "{\"assessment\": ")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE");
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"assessment_name": "x", "source": "user_explicit", "feedback": {}}}""")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("assessment.feedback.value"));
        send("POST", API + trace + "/assessments", WRITER, """
                {"assessment": {"assessment_name": "x", "source": "user_explicit", "feedback": {"value": 1},
                                "overrides": "a-unknown"}}""")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(eventsOf(trace)).isZero();
        send("POST", "/api/3.0/mlflow/traces/search", WRITER, "{}")
                .expectStatus().isNotFound().expectBody().jsonPath("$.error_code").isEqualTo("ENDPOINT_NOT_FOUND");
    }

    @Test
    void theApiDescriptionShowsMlflowsErrorFormatOnTheMlflowPaths() throws Exception {
        com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                http.get().uri("/openapi").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                        .getResponseBody());
        com.fasterxml.jackson.databind.JsonNode create = api.at("/paths/~1api~13.0~1mlflow~1traces~1{traceId}~1assessments/post");
        assertThat(create.isMissingNode()).isFalse();
        for (String status : List.of("400", "401", "403", "503")) {
            assertThat(create.at("/responses/" + status + "/content/application~1json/schema/$ref").asText())
                    .as(status).isEqualTo("#/components/schemas/MlflowError");
            assertThat(create.at("/responses/" + status + "/content/application~1problem+json").isMissingNode()).isTrue();
        }
        assertThat(api.at("/paths/~1api~13.0~1mlflow~1traces~1{traceId}~1assessments~1{assessmentId}/patch").isMissingNode())
                .isFalse();
        assertThat(api.at("/paths/~1api~1v1~1traces~1{traceId}~1assessments/post/responses/400/content/application~1problem+json")
                .isMissingNode()).as("the native API keeps problem+json").isFalse();
        assertThat(api.at("/paths").fieldNames()).toIterable().noneMatch(p -> p.contains("**"));
        // request and response records keep schemas of their own (a shared simple name would overwrite one)
        assertThat(create.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/MlflowCreateAssessment");
        com.fasterxml.jackson.databind.JsonNode schemas = api.at("/components/schemas");
        assertThat(schemas.at("/MlflowFeedbackInput/properties").has("error")).isTrue();
        assertThat(schemas.at("/MlflowFeedback/properties").has("value")).isTrue();
        assertThat(schemas.at("/MlflowExpectationInput/properties").has("serialized_value")).isTrue();
        assertThat(schemas.at("/MlflowAssessment/properties").has("last_update_time")).isTrue();
    }

    @Test
    void mlflowsBearerTokenIsThePlatformsApiKeyAndRefusalsAreInMlflowsFormatOnItsPathOnly() {
        String trace = trace();
        String body = "{\"assessment\": {\"assessment_name\": \"x\", \"source\": \"user_explicit\", \"feedback\": {\"value\": 1}}}";
        http.post().uri(API + trace + "/assessments").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error_code").isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.message").isNotEmpty();
        send("POST", API + trace + "/assessments", "not-a-key-000000000", body)
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error_code").isEqualTo("UNAUTHENTICATED");
        send("POST", API + trace + "/assessments", READER, body)
                .expectStatus().isForbidden().expectBody()
                .jsonPath("$.error_code").isEqualTo("PERMISSION_DENIED")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("feedback:write"));
        send("GET", API + trace + "/assessments/a-1", WRITER, null)
                .expectStatus().isForbidden().expectBody().jsonPath("$.error_code").isEqualTo("PERMISSION_DENIED");
        send("DELETE", API + trace + "/assessments/a-1", READER, null)
                .expectStatus().isForbidden().expectBody().jsonPath("$.error_code").isEqualTo("PERMISSION_DENIED");
        assertThat(eventsOf(trace)).isZero();
        // the native API keeps problem+json
        http.post().uri("/api/v1/traces/" + trace + "/assessments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED").jsonPath("$.error_code").doesNotExist();
    }

    @Test
    void aRetriedWriteWithTheSameIdempotencyKeyAnswersTheFirstResultAndStoresOnce() {
        String trace = trace();
        String body = """
                {"assessment": {"assessment_name": "user_rating", "source": "user_explicit", "feedback": {"value": 4}}}""";
        byte[] first = http.post().uri(API + trace + "/assessments").header("Authorization", "Bearer " + WRITER)
                .header("Idempotency-Key", "rating-42").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        byte[] retry = http.post().uri(API + trace + "/assessments").header("Authorization", "Bearer " + WRITER)
                .header("Idempotency-Key", "rating-42").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(retry)).isEqualTo(new String(first));
        assertThat(eventsOf(trace)).isEqualTo(1);
        http.post().uri(API + trace + "/assessments").header("Authorization", "Bearer " + WRITER)
                .header("Idempotency-Key", "rating-42").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.replace("4", "2")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_ALREADY_EXISTS");
        // the same key on another trace is another assessment
        String other = trace();
        http.post().uri(API + other + "/assessments").header("Authorization", "Bearer " + WRITER)
                .header("Idempotency-Key", "rating-42").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.assessment.assessment_id").value(id -> assertThat(new String(first)).doesNotContain((String) id));

        // the native POST takes the same header
        String nativeBody = "{\"assessment_name\": \"correctness\", \"value\": true, \"source\": {\"source_type\": \"HUMAN\"}}";
        String nativeTrace = trace();
        byte[] nativeFirst = http.post().uri("/api/v1/traces/" + nativeTrace + "/assessments")
                .header("Authorization", "Bearer " + WRITER).header("Idempotency-Key", "review-7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(nativeBody).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        byte[] nativeRetry = http.post().uri("/api/v1/traces/" + nativeTrace + "/assessments")
                .header("Authorization", "Bearer " + WRITER).header("Idempotency-Key", "review-7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(nativeBody).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        assertThat(new String(nativeRetry)).isEqualTo(new String(nativeFirst));
        assertThat(eventsOf(nativeTrace)).isEqualTo(1);
        http.post().uri("/api/v1/traces/" + nativeTrace + "/assessments")
                .header("Authorization", "Bearer " + WRITER).header("Idempotency-Key", "review-7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(nativeBody.replace("true", "false")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.code").isEqualTo("ASSESSMENT_ID_CONFLICT");
        http.post().uri("/api/v1/traces/" + nativeTrace + "/assessments")
                .header("Authorization", "Bearer " + WRITER).header("Idempotency-Key", "has space")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(nativeBody).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    }

    @Test
    void anAssessmentCreatedThroughMlflowIsReadBackAtOnceWithItsConsistencyToken() {
        for (int i = 0; i < 10; i++) {
            String trace = trace();
            var created = send("POST", API + trace + "/assessments", WRITER,
                    "{\"assessment\": {\"assessment_name\": \"helpful\", \"source\": {\"source_type\": \"HUMAN\"},"
                            + " \"feedback\": {\"value\": true}}}").expectStatus().isOk().returnResult(String.class);
            String token = created.getResponseHeaders().getFirst("X-Consistency-Token");
            assertThat(token).isNotBlank();
            String id = created.getResponseBody().blockFirst().replaceAll(".*\"assessment_id\":\"([^\"]+)\".*", "$1");
            http.get().uri(API + trace + "/assessments/" + id).header("Authorization", "Bearer " + READER)
                    .header("X-Consistency-Token", token).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.assessment.assessment_id").isEqualTo(id);
            send("GET", API + trace + "?consistent_with=" + token, READER, null).expectStatus().isOk();
        }
        // refused in MLflow's own error shape, as every other refusal on this door
        send("GET", API + trace() + "/assessments/a-1?consistent_with=nope", READER, null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_code").exists()
                .jsonPath("$.message").value(message -> assertThat((String) message).contains("consistent_with"));
    }
}
