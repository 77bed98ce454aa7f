package dev.feedbackloop.feedback.web;

import dev.feedbackloop.feedback.FeedbackServiceApplication;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingestion API end to end over HTTP, on real stores. Subclasses choose the stores.
 */
@SpringBootTest(classes = FeedbackServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "platform.security.api-keys=writer=feedback:write=writer-secret-00000001;"
                        + "reader=analytics:read=reader-secret-00000001;ops=admin=admin-secret-000000001",
                "platform.ingest.max-batch-items=50",
                "platform.ingest.max-feedback-bytes=4096",
                "platform.ingest.max-batch-bytes=65536",
                "platform.consistency.max-wait=2s"})
abstract class FeedbackApiContract {

    static final String WRITER = "writer-secret-00000001";
    static final String READER = "reader-secret-00000001";
    static final String ADMIN = "admin-secret-000000001";

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventStore eventStore;

    WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** One event time for every feedback of a run: a repeated post must be identical, whichever second it is sent in. */
    static final Instant AT = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    static String feedback(String id, String trace) {
        return """
                {"feedback_id": "%s", "trace_id": "%s", "timestamp": "%s",
                 "user_id": "u-1", "session_id": "s-1",
                 "explicit_feedback": {"rating": 4, "thumbs": "up", "comment": "fast", "correction": null},
                 "implicit_signals": {"task_completed": true, "follow_up_required": false,
                                      "time_to_completion_ms": 5300, "retry_count": 0, "escalated_to_human": false},
                 "metadata": {"agent_id": "support-bot", "agent_version": "2.3.1", "intent_category": "billing",
                              "tools_used": ["crm_lookup"], "channel": "web",
                              "input_features": {"prompt_length": 412, "language": "en"}}}
                """.formatted(id, trace, AT);
    }

    long storedEvents() {
        return new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    long eventsOf(String aggregateId) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, aggregateId);
    }

    WebTestClient.ResponseSpec post(String path, String key, MediaType type, String body) {
        return http.post().uri(path).header("Authorization", "Bearer " + key).contentType(type).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec postFeedback(String body) {
        return post("/api/v1/feedback", WRITER, MediaType.APPLICATION_JSON, body);
    }

    WebTestClient.ResponseSpec get(String path, String key) {
        return http.get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }

    void awaitReadable(String feedbackId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                get("/api/v1/feedback/" + feedbackId, READER).expectStatus().isOk());
    }

    // --- single feedback -------------------------------------------------------------------------------------

    @Test
    void postedFeedbackIsAcceptedOnceStoredAndReadBackAsPosted() {
        String id = unique("fb");
        String trace = unique("tr");
        postFeedback(feedback(id, trace)).expectStatus().isAccepted()
                .expectHeader().location("/api/v1/feedback/" + id)
                .expectBody().jsonPath("$.feedback_id").isEqualTo(id).jsonPath("$.status").isEqualTo("accepted");
        assertThat(eventsOf(id)).isEqualTo(1);
        awaitReadable(id);
        get("/api/v1/feedback/" + id, READER).expectStatus().isOk().expectBody()
                .jsonPath("$.trace_id").isEqualTo(trace)
                .jsonPath("$.explicit_feedback.rating").isEqualTo(4)
                .jsonPath("$.explicit_feedback.thumbs").isEqualTo("up")
                .jsonPath("$.implicit_signals.time_to_completion_ms").isEqualTo(5300)
                .jsonPath("$.metadata.agent_version").isEqualTo("2.3.1")
                .jsonPath("$.metadata.tools_used[0]").isEqualTo("crm_lookup")
                .jsonPath("$.metadata.channel").isEqualTo("web")
                .jsonPath("$.metadata.input_features.prompt_length").isEqualTo(412);
        get("/api/v1/traces/" + trace + "/feedback", READER).expectStatus().isOk().expectBody()
                .jsonPath("$.feedback.length()").isEqualTo(1)
                .jsonPath("$.feedback[0].feedback_id").isEqualTo(id);
    }

    @Test
    void feedbackWithoutIdOrTimestampGetsThemFromTheServer() {
        String trace = unique("tr");
        Instant before = Instant.now().minusSeconds(1);
        byte[] body = postFeedback("{\"trace_id\": \"" + trace + "\", \"implicit_signals\": {\"escalated_to_human\": true}}")
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        String id = new String(body).replaceAll(".*\"feedback_id\":\"([^\"]+)\".*", "$1");
        assertThat(id).startsWith("fb-");
        awaitReadable(id);
        get("/api/v1/feedback/" + id, READER).expectBody().jsonPath("$.timestamp").value(t ->
                assertThat(Instant.parse((String) t)).isAfter(before));
    }

    @Test
    void theSameFeedbackPostedAgainGetsTheSameAnswerAndIsStoredOnce() {
        String id = unique("fb");
        String body = feedback(id, unique("tr"));
        postFeedback(body).expectStatus().isAccepted();
        postFeedback(body).expectStatus().isAccepted().expectBody().jsonPath("$.feedback_id").isEqualTo(id)
                .jsonPath("$.status").isEqualTo("accepted");
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @Test
    void aRetryWithoutTimestampMatchesTheStoredFeedback() {
        String id = unique("fb");
        String body = "{\"feedback_id\": \"" + id + "\", \"trace_id\": \"t\", \"explicit_feedback\": {\"thumbs\": \"down\"}}";
        postFeedback(body).expectStatus().isAccepted();
        postFeedback(body).expectStatus().isAccepted();
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @Test
    void theSameIdWithOtherContentIsAConflictThatChangesNothing() {
        String id = unique("fb");
        postFeedback(feedback(id, "tr-a")).expectStatus().isAccepted();
        long before = storedEvents();
        postFeedback(feedback(id, "tr-b")).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("FEEDBACK_ID_CONFLICT")
                .jsonPath("$.errors[0].field").isEqualTo("feedback_id");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void concurrentDuplicatesAllGetTheSameAnswerAndOneEventIsStored() throws Exception {
        String id = unique("fb");
        String body = feedback(id, unique("tr"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                posts.add(() -> postFeedback(body).returnResult(String.class).getStatus().value());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(posts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(202);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON            | {\"trace_id\": \"t\",                                                   | ''                               | json_syntax",
            "not an object             | [1, 2]                                                                | ''                               | type",
            "missing trace_id          | {\"explicit_feedback\": {\"rating\": 3}}                              | trace_id                         | required",
            "trace_id of wrong type    | {\"trace_id\": 7, \"explicit_feedback\": {\"rating\": 3}}             | trace_id                         | type",
            "rating out of range       | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 6}}         | explicit_feedback.rating         | range",
            "rating not an integer     | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 4.5}}       | explicit_feedback.rating         | type",
            "unknown thumbs value      | {\"trace_id\": \"t\", \"explicit_feedback\": {\"thumbs\": \"sideways\"}} | explicit_feedback.thumbs      | enum",
            "negative retry count      | {\"trace_id\": \"t\", \"implicit_signals\": {\"retry_count\": -1}}    | implicit_signals.retry_count     | range",
            "negative duration         | {\"trace_id\": \"t\", \"implicit_signals\": {\"time_to_completion_ms\": -5}} | implicit_signals.time_to_completion_ms | min",
            "boolean of wrong type     | {\"trace_id\": \"t\", \"implicit_signals\": {\"task_completed\": \"yes\"}} | implicit_signals.task_completed | type",
            "no signal at all          | {\"trace_id\": \"t\", \"explicit_feedback\": {}}                      | ''                               | at_least_one_signal",
            "future timestamp          | {\"trace_id\": \"t\", \"timestamp\": \"2999-01-01T00:00:00Z\", \"explicit_feedback\": {\"rating\": 3}} | timestamp | not_in_future",
            "unparseable timestamp     | {\"trace_id\": \"t\", \"timestamp\": \"yesterday\", \"explicit_feedback\": {\"rating\": 3}} | timestamp | format",
            "unknown top-level field   | {\"trace_id\": \"t\", \"rating\": 3, \"explicit_feedback\": {\"rating\": 3}} | rating                 | unknown_field",
            "tools_used not a list     | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"tools_used\": \"crm\"}} | metadata.tools_used | type",
            "nested input feature      | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"input_features\": {\"a\": {}}}} | metadata.input_features.a | type",
            "number beyond a double    | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"score\": 1e400}} | metadata.score | range",
            "id with whitespace        | {\"feedback_id\": \"a b\", \"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}} | feedback_id       | format"})
    void badInputIsAProblemNamingTheFieldAndRuleAndStoresNothing(String name, String body, String field, String rule) {
        long before = storedEvents();
        postFeedback(body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].rule").isEqualTo(rule);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in a metadata name       | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"a\\u0000b\": 1}} | metadata.a\\u0000b | unicode",
            "NUL in a comment             | {\"trace_id\": \"t\", \"explicit_feedback\": {\"comment\": \"a\\u0000\"}}                     | explicit_feedback.comment | unicode",
            "lone surrogate in a version  | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"agent_version\": \"\\ud800\"}} | metadata.agent_version | unicode",
            "lone low surrogate in an id  | {\"feedback_id\": \"x\\udc00\", \"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}} | feedback_id | unicode",
            "lone surrogate in a name     | {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"\\ud83d\": 1}} | '' | json_syntax"})
    void textNoStoreCanHoldIsRefusedAtTheDoorNamingTheField(String name, String body, String field, String rule) {
        long before = storedEvents();
        postFeedback(body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].rule").isEqualTo(rule);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aWellFormedSurrogatePairAndNamesWithDotsAndDollarsAreStoredAndReadBack() {
        String id = unique("fb");
        postFeedback("{\"feedback_id\": \"" + id + "\", \"trace_id\": \"t-emoji\", \"explicit_feedback\": {\"comment\": \"\\ud83d\\ude00 ok\"},"
                + " \"metadata\": {\"agent_id\": \"bot\", \"a.b\": 1, \"$where\": \"x\", \"100%\": true}}")
                .expectStatus().isAccepted();
        awaitReadable(id);
        get("/api/v1/feedback/" + id, READER).expectStatus().isOk().expectBody()
                .jsonPath("$.explicit_feedback.comment").isEqualTo("\ud83d\ude00 ok")
                .jsonPath("$.metadata['a.b']").isEqualTo(1)
                .jsonPath("$.metadata['$where']").isEqualTo("x")
                .jsonPath("$.metadata['100%']").isEqualTo(true);
    }

    @Test
    void anEventNoReadModelCanHoldIsDeadLetteredAndTheProjectionGoesOn() {
        // written past the door, as an older version could have stored it
        String poisoned = unique("fb-poison");
        var metadata = new dev.feedbackloop.kernel.feedback.FeedbackMetadata("poison-bot", "\ud800", null, List.of(),
                java.util.Map.of(), java.util.Map.of("a\u0000b", 1));
        var event = new dev.feedbackloop.kernel.feedback.FeedbackSubmitted(
                dev.feedbackloop.kernel.feedback.FeedbackId.of(poisoned), dev.feedbackloop.kernel.feedback.TraceId.of("t-poison"),
                AT, null, null, new dev.feedbackloop.kernel.feedback.ExplicitFeedback(3, null, null, null), null, metadata,
                "fp", AT);
        eventStore.publish(new org.axonframework.eventhandling.GenericDomainEventMessage<>("Feedback", poisoned, 0, event));
        String after = unique("fb");
        postFeedback(feedback(after, unique("tr"))).expectStatus().isAccepted();
        awaitReadable(after);
        get("/api/v1/feedback/" + poisoned, READER).expectStatus().isNotFound();
        get("/api/v1/admin/dead-letters/feedback-view", ADMIN).expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.event_type == 'dev.feedbackloop.kernel.feedback.FeedbackSubmitted')].cause_type")
                .isEqualTo(List.of(dev.feedbackloop.support.readmodel.UnstorableEventException.class.getName()));
        get("/api/v1/admin/dead-letters", ADMIN).expectStatus().isOk().expectBody()
                .jsonPath("$.total").value(total -> assertThat(((Number) total).longValue()).isPositive());
        get("/api/v1/admin/projections", ADMIN).expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'feedback-view')].error").isEqualTo(List.of(false));
        // a retry runs the handler again; the event is still unstorable, so it stays parked
        http.post().uri("/api/v1/admin/dead-letters/feedback-view/retry").header("Authorization", "Bearer " + ADMIN)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.remaining").isEqualTo(1);
        get("/api/v1/admin/dead-letters/feedback-view", READER).expectStatus().isForbidden();
    }

    @Test
    void anIdWithCharactersAUriCannotHoldGetsAnEncodedLocationAndReadsBack() {
        String id = unique("a<b>{c}%d\\e|f");
        postFeedback(feedback(id.replace("\\", "\\\\"), "t-odd"))
                .expectStatus().isAccepted()
                .expectHeader().value("Location", location -> assertThat(java.net.URI.create(location).getPath())
                        .isEqualTo("/api/v1/feedback/" + id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/feedback/"
                        + org.springframework.web.util.UriUtils.encodePathSegment(id, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + READER).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.feedback_id").isEqualTo(id));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "whitespace         | support bot",
            "a control char     | support\\u0007bot",
            "empty              | ''",
            "longer than 128    | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void anAgentIdBreakingTheIdRuleIsRefusedAsTheAnalysisSideKeysByIt(String name, String agentId) {
        long before = storedEvents();
        postFeedback("{\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 3}, \"metadata\": {\"agent_id\": \""
                + agentId + "\"}}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo("metadata.agent_id")
                .jsonPath("$.errors[0].rule").isEqualTo("format")
                .jsonPath("$.errors[0].message").isEqualTo("must be 1-128 characters without whitespace");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aBatchItemWithABadAgentIdOnlyRejectsItself() {
        String a = unique("fb");
        String b = unique("fb");
        String body = "[" + feedback(a, "tr-agent") + ", " + feedback(b, "tr-agent").replace("support-bot", "support bot") + "]";
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, body).expectStatus().isOk().expectBody()
                .jsonPath("$.accepted").isEqualTo(1)
                .jsonPath("$.rejected").isEqualTo(1)
                .jsonPath("$.items[0].errors").doesNotExist()
                .jsonPath("$.items[1].feedback_id").isEqualTo(b)
                .jsonPath("$.items[1].status").isEqualTo("rejected")
                .jsonPath("$.items[1].errors[0].field").isEqualTo("metadata.agent_id")
                .jsonPath("$.items[1].errors[0].rule").isEqualTo("format");
        assertThat(eventsOf(a)).isEqualTo(1);
        assertThat(eventsOf(b)).isZero();
    }

    @Test
    void feedbackIsReadBackWithTheKeysItWasPostedWithAndNoOthers() {
        String id = unique("fb");
        postFeedback("{\"feedback_id\": \"" + id + "\", \"trace_id\": \"t-keys\", \"implicit_signals\": {\"retry_count\": 2},"
                + " \"metadata\": {\"channel\": \"web\", \"camelCase\": {\"deep\": [1, 2.5]}}}").expectStatus().isAccepted();
        awaitReadable(id);
        get("/api/v1/feedback/" + id, READER).expectStatus().isOk().expectBody()
                .jsonPath("$.explicit_feedback").doesNotExist()
                .jsonPath("$.implicit_signals.retry_count").isEqualTo(2)
                .jsonPath("$.implicit_signals.task_completed").hasJsonPath()
                .jsonPath("$.user_id").hasJsonPath()
                .jsonPath("$.received_at").isNotEmpty()
                .jsonPath("$.metadata.channel").isEqualTo("web")
                .jsonPath("$.metadata.camelCase.deep[1]").isEqualTo(2.5)
                .jsonPath("$.metadata.agent_id").hasJsonPath()
                .jsonPath("$.metadata.tools_used").isEmpty()
                .jsonPath("$.metadata.input_features").doesNotExist()
                .jsonPath("$.metadata.attributes").doesNotExist()
                .jsonPath("$.metadata.other_keys").doesNotExist();
    }

    @Test
    void everyBrokenRuleIsNamedInOneAnswer() {
        postFeedback("{\"trace_id\": 1, \"explicit_feedback\": {\"rating\": 9, \"thumbs\": \"meh\"}}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors.length()").isEqualTo(3);
    }

    @Test
    void aClientThatAcceptsNoJsonIsRefusedBeforeAnythingIsStored() {
        long before = storedEvents();
        http.post().uri("/api/v1/feedback").header("Authorization", "Bearer " + WRITER).header("Accept", "text/plain")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(feedback(unique("fb"), "t"))
                .exchange().expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anAssessmentValueBeyondADoubleIsRefused() {
        post("/api/v1/traces/t/assessments", WRITER, MediaType.APPLICATION_JSON,
                "{\"assessment_name\": \"x\", \"value\": [1, 1e400], \"source\": {\"source_type\": \"CODE\"}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("value[1]")
                .jsonPath("$.errors[0].rule").isEqualTo("range");
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String big = "{\"trace_id\": \"t\", \"explicit_feedback\": {\"comment\": \"" + "x".repeat(5000) + "\"}}";
        long before = storedEvents();
        postFeedback(big).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anUnknownFeedbackIsA404Problem() {
        get("/api/v1/feedback/" + unique("missing"), READER).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void aWrongMethodIsA405Problem() {
        http.put().uri("/api/v1/feedback").header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    // --- batches ---------------------------------------------------------------------------------------------

    @Test
    void aJsonArrayBatchStoresTheValidItemsAndNamesTheReasonForEachRejectedOne() {
        String a = unique("fb");
        String b = unique("fb");
        String body = "[" + feedback(a, "tr-batch") + ", {\"trace_id\": \"t\", \"explicit_feedback\": {\"rating\": 0}}, "
                + feedback(b, "tr-batch") + "]";
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, body).expectStatus().isOk().expectBody()
                .jsonPath("$.accepted").isEqualTo(2)
                .jsonPath("$.rejected").isEqualTo(1)
                .jsonPath("$.items[0].status").isEqualTo("accepted")
                .jsonPath("$.items[1].index").isEqualTo(1)
                .jsonPath("$.items[1].status").isEqualTo("rejected")
                .jsonPath("$.items[1].errors[0].field").isEqualTo("explicit_feedback.rating")
                .jsonPath("$.items[2].feedback_id").isEqualTo(b);
        assertThat(eventsOf(a)).isEqualTo(1);
        assertThat(eventsOf(b)).isEqualTo(1);
    }

    @Test
    void aBatchItemWithTextNoStoreCanHoldOnlyRejectsItself() {
        String a = unique("fb");
        String body = "[" + feedback(a, "tr-batch") + ", {\"trace_id\": \"t\", \"explicit_feedback\": {\"comment\": \"\\ud800\"}}]";
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, body).expectStatus().isOk().expectBody()
                .jsonPath("$.accepted").isEqualTo(1)
                .jsonPath("$.items[1].status").isEqualTo("rejected")
                .jsonPath("$.items[1].errors[0].field").isEqualTo("explicit_feedback.comment")
                .jsonPath("$.items[1].errors[0].rule").isEqualTo("unicode");
        assertThat(eventsOf(a)).isEqualTo(1);
    }

    @Test
    void anNdjsonBatchIsReadLineByLineAndABrokenLineOnlyRejectsItself() {
        String a = unique("fb");
        String b = unique("fb");
        String body = feedback(a, "tr-nd").replace("\n", " ") + "\nnot json\n\n" + feedback(b, "tr-nd").replace("\n", " ") + "\n";
        post("/api/v1/feedback/batch", WRITER, MediaType.parseMediaType("application/x-ndjson"), body)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.accepted").isEqualTo(2)
                .jsonPath("$.items[1].status").isEqualTo("rejected")
                .jsonPath("$.items[1].errors[0].rule").isEqualTo("json_syntax");
        assertThat(eventsOf(a) + eventsOf(b)).isEqualTo(2);
    }

    @Test
    void aBatchRepeatingStoredFeedbackAnswersPerItemAndStoresOnlyWhatIsNew() {
        String stored = unique("fb");
        String conflicting = unique("fb");
        String fresh = unique("fb");
        postFeedback(feedback(stored, "tr-r")).expectStatus().isAccepted();
        postFeedback(feedback(conflicting, "tr-r")).expectStatus().isAccepted();
        String body = "[" + feedback(stored, "tr-r") + "," + feedback(conflicting, "tr-other") + "," + feedback(fresh, "tr-r")
                + "," + feedback(fresh, "tr-r") + "]";
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, body).expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].status").isEqualTo("accepted")
                .jsonPath("$.items[1].status").isEqualTo("conflict")
                .jsonPath("$.items[2].status").isEqualTo("accepted")
                .jsonPath("$.items[3].status").isEqualTo("accepted");
        assertThat(eventsOf(stored) + eventsOf(conflicting) + eventsOf(fresh)).isEqualTo(3);
    }

    @Test
    void aBatchOverTheItemLimitIsRefusedWholeWith413() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            body.append(i == 0 ? "" : ",").append("{\"trace_id\":\"t\",\"explicit_feedback\":{\"rating\":3}}");
        }
        long before = storedEvents();
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, body.append("]").toString())
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.errors[0].rule").isEqualTo("max_items");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anEmptyBatchIsABadRequest() {
        post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON, "[]").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].rule").isEqualTo("min_items");
    }

    // --- assessments -----------------------------------------------------------------------------------------

    String logAssessment(String trace, String body) {
        byte[] response = post("/api/v1/traces/" + trace + "/assessments", WRITER, MediaType.APPLICATION_JSON, body)
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return new String(response).replaceAll(".*\"assessment_id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void anOverrideKeepsTheAuditTrailAndDeletingItRestoresTheOriginal() {
        String trace = unique("tr");
        String judge = logAssessment(trace, """
                {"assessment_name": "correctness", "value": false,
                 "source": {"source_type": "LLM_JUDGE", "source_id": "judge-v1"}, "rationale": "missed the refund"}""");
        String human = logAssessment(trace, """
                {"assessment_name": "correctness", "value": true, "overrides": "%s",
                 "source": {"source_type": "HUMAN", "source_id": "reviewer-7"}, "metadata": {"ticket": 12}}""".formatted(judge));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                get("/api/v1/traces/" + trace + "/assessments", READER).expectStatus().isOk().expectBody()
                        .jsonPath("$.assessments.length()").isEqualTo(2)
                        .jsonPath("$.assessments[0].assessment_id").isEqualTo(judge)
                        .jsonPath("$.assessments[0].valid").isEqualTo(false)
                        .jsonPath("$.assessments[0].overridden_by").isEqualTo(human)
                        .jsonPath("$.assessments[1].valid").isEqualTo(true)
                        .jsonPath("$.assessments[1].metadata.ticket").isEqualTo(12));
        http.delete().uri("/api/v1/traces/" + trace + "/assessments/" + human).header("Authorization", "Bearer " + WRITER)
                .exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                get("/api/v1/traces/" + trace + "/assessments", READER).expectBody()
                        .jsonPath("$.assessments[0].valid").isEqualTo(true)
                        .jsonPath("$.assessments[1].valid").isEqualTo(false)
                        .jsonPath("$.assessments[1].deleted").isEqualTo(true));
        http.delete().uri("/api/v1/traces/" + trace + "/assessments/" + human).header("Authorization", "Bearer " + WRITER)
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("ASSESSMENT_ALREADY_DELETED");
    }

    @Test
    void aTraceMayShareItsIdWithAFeedbackAndStillTakeAssessments() {
        String id = unique("same");
        post("/api/v1/feedback", WRITER, MediaType.APPLICATION_JSON, feedback(id, id)).expectStatus().isAccepted();
        logAssessment(id, "{\"assessment_name\": \"x\", \"value\": 1, \"source\": {\"source_type\": \"CODE\"}}");
        logAssessment(id, "{\"assessment_name\": \"y\", \"value\": 2, \"source\": {\"source_type\": \"CODE\"}}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get("/api/v1/feedback/" + id, READER).expectStatus().isOk());
    }

    @Test
    void aFeedbackIdInAnotherAggregatesNamespaceIsRefused() {
        post("/api/v1/feedback", WRITER, MediaType.APPLICATION_JSON, feedback("trace:" + unique("x"), "t"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("feedback_id");
    }

    @Test
    void overridingAnUnknownAssessmentIsABadRequest() {
        String trace = unique("tr");
        logAssessment(trace, "{\"assessment_name\": \"x\", \"value\": 1, \"source\": {\"source_type\": \"CODE\"}}");
        post("/api/v1/traces/" + trace + "/assessments", WRITER, MediaType.APPLICATION_JSON,
                "{\"assessment_name\": \"x\", \"value\": 2, \"overrides\": \"a-nope\", \"source\": {\"source_type\": \"CODE\"}}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_OVERRIDE");
    }

    @Test
    void deletingAnAssessmentOfAnUnknownTraceIsA404() {
        http.delete().uri("/api/v1/traces/" + unique("tr") + "/assessments/a-1").header("Authorization", "Bearer " + WRITER)
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void anAssessmentValueMayBeNullButMustBeGiven() {
        String trace = unique("tr");
        post("/api/v1/traces/" + trace + "/assessments", WRITER, MediaType.APPLICATION_JSON,
                "{\"assessment_name\": \"groundedness\", \"value\": null, \"source\": {\"source_type\": \"CODE\"}}")
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/v1/traces/" + trace + "/assessments/a-"))
                .expectBody()
                .jsonPath("$.assessment_name").isEqualTo("groundedness")
                .jsonPath("$.value").hasJsonPath()
                .jsonPath("$.value").isEmpty()
                .jsonPath("$.source.source_type").isEqualTo("CODE")
                .jsonPath("$.source.source_id").isEqualTo("")
                .jsonPath("$.valid").isEqualTo(true)
                .jsonPath("$.create_time").isNotEmpty();
        post("/api/v1/traces/" + trace + "/assessments", WRITER, MediaType.APPLICATION_JSON,
                "{\"assessment_name\": \"groundedness\", \"source\": {\"source_type\": \"CODE\"}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("value")
                .jsonPath("$.errors[0].rule").isEqualTo("required");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                get("/api/v1/traces/" + trace + "/assessments", READER).expectStatus().isOk().expectBody()
                        .jsonPath("$.trace_id").isEqualTo(trace)
                        .jsonPath("$.assessments.length()").isEqualTo(1)
                        .jsonPath("$.assessments[0].value").hasJsonPath()
                        .jsonPath("$.assessments[0].source.source_id").hasJsonPath()
                        .jsonPath("$.assessments[0].overridden_by").hasJsonPath()
                        .jsonPath("$.assessments[0].delete_time").hasJsonPath());
    }

    @Test
    void anAssessmentWithoutItsRequiredFieldsNamesThemAll() {
        post("/api/v1/traces/t/assessments", WRITER, MediaType.APPLICATION_JSON, "{\"source\": {\"source_type\": \"ROBOT\"}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'assessment_name')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'value')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'source.source_type')].rule").isEqualTo(List.of("enum"));
    }

    @Test
    void theApiDescriptionShowsTheIngestionRecordsInTheirWireNames() throws Exception {
        com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                http.get().uri("/openapi").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                        .getResponseBody());
        assertThat(api.at("/paths/~1api~1v1~1feedback/post/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("/FeedbackRequest");
        assertThat(api.at("/paths/~1api~1v1~1feedback/post/responses").findValuesAsText("$ref"))
                .anyMatch(ref -> ref.endsWith("/SubmittedFeedbackResponse"));
        assertThat(api.at("/paths/~1api~1v1~1feedback~1{feedbackId}/get/responses").findValuesAsText("$ref"))
                .anyMatch(ref -> ref.endsWith("/FeedbackResponse"));
        assertThat(api.at("/paths/~1api~1v1~1feedback~1batch/post/requestBody/content/application~1json/schema/items/$ref")
                .asText()).endsWith("/FeedbackRequest");
        assertThat(api.at("/paths/~1api~1v1~1feedback~1batch/post/requestBody/content").has("application/x-ndjson")).isTrue();
        assertThat(api.at("/paths/~1api~1v1~1traces~1{traceId}~1assessments/post/requestBody/content/application~1json/schema/$ref")
                .asText()).endsWith("/AssessmentRequest");
        com.fasterxml.jackson.databind.JsonNode schemas = api.path("components").path("schemas");
        assertThat(schemas.path("FeedbackRequest").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("feedback_id", "trace_id", "timestamp", "user_id", "session_id",
                        "explicit_feedback", "implicit_signals", "metadata");
        assertThat(schemas.path("AssessmentRequest").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("assessment_name", "value", "source", "rationale", "metadata", "overrides");
        assertThat(schemas.path("AssessmentSourceRequest").at("/properties/source_type/enum").toString())
                .isEqualTo("[\"HUMAN\",\"LLM_JUDGE\",\"CODE\"]");
        assertThat(schemas.path("Assessment").path("properties").fieldNames()).toIterable()
                .contains("assessment_id", "overridden_by", "create_time", "delete_time");
        assertThat(schemas.path("FeedbackBatchResponse").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("accepted", "rejected", "items");
    }

    // --- access ----------------------------------------------------------------------------------------------

    @Test
    void requestsWithoutAValidKeyAre401() {
        http.post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON).bodyValue(feedback("x", "y"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post("/api/v1/feedback", "not-a-key-at-all-000", MediaType.APPLICATION_JSON, feedback("x", "y"))
                .expectStatus().isUnauthorized();
    }

    @Test
    void aKeyWithoutTheRoutesScopeIs403() {
        long before = storedEvents();
        post("/api/v1/feedback", READER, MediaType.APPLICATION_JSON, feedback(unique("fb"), "y"))
                .expectStatus().isForbidden().expectBody().jsonPath("$.detail").value(d ->
                        assertThat((String) d).contains("feedback:write"));
        assertThat(storedEvents()).isEqualTo(before);
        get("/api/v1/feedback/x", WRITER).expectStatus().isForbidden();
        get("/api/v1/admin/projections", READER).expectStatus().isForbidden();
    }

    @Test
    void healthAndReadinessStayOpen() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    // --- operations ------------------------------------------------------------------------------------------

    @Test
    void resettingAProjectionRebuildsItFromTheEventStore() {
        String id = unique("fb");
        postFeedback(feedback(id, unique("tr"))).expectStatus().isAccepted();
        awaitReadable(id);
        http.post().uri("/api/v1/admin/projections/feedback-view/reset").header("Authorization", "Bearer " + ADMIN)
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.name").isEqualTo("feedback-view");
        awaitReadable(id);
        get("/api/v1/admin/projections", ADMIN).expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'feedback-view')].running").isEqualTo(List.of(true));
    }

    @Test
    void resettingAnUnknownProjectionIsA404() {
        http.post().uri("/api/v1/admin/projections/nope/reset").header("Authorization", "Bearer " + ADMIN)
                .exchange().expectStatus().isNotFound();
    }


    // --- read your writes ------------------------------------------------------------------------------------

    static final String TOKEN = "X-Consistency-Token";

    String tokenOf(WebTestClient.ResponseSpec write) {
        String token = write.returnResult(String.class).getResponseHeaders().getFirst(TOKEN);
        assertThat(token).as("the write's consistency token").isNotBlank();
        return token;
    }

    @Test
    void aWriteReadBackAtOnceWithItsConsistencyTokenIsAlwaysThere() {
        for (int i = 0; i < 50; i++) {
            String id = unique("ryw");
            String trace = unique("tr");
            String token = tokenOf(postFeedback(feedback(id, trace)).expectStatus().isAccepted());
            WebTestClient.ResponseSpec read = i % 2 == 0
                    ? http.get().uri("/api/v1/feedback/" + id).header("Authorization", "Bearer " + READER)
                    .header(TOKEN, token).exchange()
                    : get("/api/v1/feedback/" + id + "?consistent_with=" + token, READER);
            read.expectStatus().isOk().expectBody().jsonPath("$.feedback_id").isEqualTo(id);
        }
        String trace = unique("tr");
        String token = tokenOf(post("/api/v1/traces/" + trace + "/assessments", WRITER, MediaType.APPLICATION_JSON,
                "{\"assessment_name\": \"helpful\", \"value\": true, \"source\": {\"source_type\": \"HUMAN\"}}")
                .expectStatus().isCreated());
        get("/api/v1/traces/" + trace + "/assessments?consistent_with=" + token, READER).expectStatus().isOk()
                .expectBody().jsonPath("$.assessments.length()").isEqualTo(1)
                .jsonPath("$.assessments[0].assessment_name").isEqualTo("helpful");
        String a = unique("ryw-batch");
        String b = unique("ryw-batch");
        String batchToken = tokenOf(post("/api/v1/feedback/batch", WRITER, MediaType.APPLICATION_JSON,
                "[" + feedback(a, trace) + ", " + feedback(b, trace) + "]").expectStatus().isOk());
        get("/api/v1/traces/" + trace + "/feedback?consistent_with=" + batchToken, READER).expectStatus().isOk()
                .expectBody().jsonPath("$.feedback.length()").isEqualTo(2);
    }

    @Test
    void aConsistencyTokenThePlatformDidNotIssueIsRefusedNamingWhereItWasSent() {
        String id = unique("fb");
        http.get().uri("/api/v1/feedback/" + id).header("Authorization", "Bearer " + READER).header(TOKEN, "12; drop")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo(TOKEN)
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        get("/api/v1/feedback/" + id + "?consistent_with=g-1", READER).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("consistent_with");
        // and the API description says so: a header on the write's answer, a header or parameter of the read
        get("/openapi", READER).expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/feedback'].post.responses['202'].headers['X-Consistency-Token']").exists()
                .jsonPath("$.paths['/api/v1/feedback/{feedbackId}'].get.parameters[?(@.name == 'X-Consistency-Token')].in")
                .isEqualTo("header")
                .jsonPath("$.paths['/api/v1/feedback/{feedbackId}'].get.parameters[?(@.name == 'consistent_with')].in")
                .isEqualTo("query");
    }

    @Test
    void aTokenTheReadModelCannotReachInTimeAnswers503WithRetryAfterAndWithoutATokenReadsAreUnchanged() {
        String id = unique("fb");
        long started = System.nanoTime();
        http.get().uri("/api/v1/feedback/" + id).header("Authorization", "Bearer " + READER)
                .header(TOKEN, "g900000000000000000").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_YET_CONSISTENT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        get("/api/v1/feedback/" + id, READER).expectStatus().isNotFound()
                .expectHeader().doesNotExist(TOKEN);
        get("/api/v1/feedback/" + id, READER).expectStatus().isNotFound();
        post("/api/v1/feedback", WRITER, MediaType.APPLICATION_JSON, "{\"trace_id\": \"\"}")
                .expectStatus().isBadRequest().expectHeader().doesNotExist(TOKEN);
    }
}
