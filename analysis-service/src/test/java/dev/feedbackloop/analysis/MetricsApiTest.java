package dev.feedbackloop.analysis;

import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The metrics API over a small history whose every number is counted by hand below. Twelve feedback of two agents
 * around the period [2026-03-10, 2026-03-12), published out of event-time order:
 * <pre>
 * id  agent     ver intent   event time            user         rating thumbs done  escal retry ttc   channel tools
 * P1  alpha-bot 1.0 billing  03-08T09:00          u-old        4      -      true  false -     -     -       -
 * P2  alpha-bot 1.0 billing  03-09T15:30          u-old        2      -      false true  -     -     -       -
 * P3  alpha-bot 1.0 refunds  03-09T23:30          u-x          5      -      true  -     -     -     -       -
 * C1  alpha-bot 1.0 billing  03-10T00:00 (start)  u-old        5      up     true  false 0     1000  web     crm_lookup, refund_api
 * C2  alpha-bot 1.0 billing  03-10T10:15          u-new        1      down   false true  2     4000  app     crm_lookup
 * C3  alpha-bot 2.0 billing  03-10T10:45          (anonymous)  4      -      true  -     -     2000  web     -
 * C4  alpha-bot 2.0 refunds  03-10T23:30          u-returning  -      up     true  false 1     -     app     refund_api
 * C5  beta-bot  1.0 billing  03-11T08:00          u-new        3      -      false -     -     -     web     crm_lookup
 * C6  alpha-bot 1.0 (none)   03-11T23:59:59       u-new2       4      -      -     false -     -     -       -
 * A1  alpha-bot 1.0 billing  03-12T00:00 (end)    u-old        5      -      true  -     -     -     -       -
 * C7  alpha-bot 1.0 billing  03-10T10:05 LATE     u-old        2      -      true  false 0     -     web     crm_lookup
 * O1  alpha-bot 1.0 billing  03-01T12:00 LATE     u-returning  3      -      -     -     -     -     -       -
 * </pre>
 * Negative signals: P2 (rating 2, escalation), C2 (rating 1, thumbs down, escalation), C7 (rating 2). C7 and O1 are
 * published last, after feedback that happened later.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ml=analytics:read=reader-secret-00000003;"
                + "agent=feedback:write=writer-secret-00000003;ops=admin=admin-secret-000000003")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsApiTest {

    static final String READER = "reader-secret-00000003";
    static final String WRITER = "writer-secret-00000003";
    static final String ADMIN = "admin-secret-000000003";
    static final String ALPHA = "alpha-bot";
    static final String BETA = "beta-bot";
    static final String START = "2026-03-10T00:00:00Z";
    static final String END = "2026-03-12T00:00:00Z";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-metrics").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;

    static FeedbackSubmitted feedback(String id, String agent, String version, String intent, String at, String user,
                                      ExplicitFeedback said, ImplicitSignals did, String channel, List<String> tools) {
        Instant timestamp = Instant.parse(at);
        Map<String, Object> attributes = channel == null ? Map.of() : Map.of("channel", channel);
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("trace-" + id), timestamp, user, null, said, did,
                new FeedbackMetadata(agent, version, intent, tools, Map.of(), attributes), "fingerprint-" + id,
                timestamp.plusSeconds(1));
    }

    static ExplicitFeedback said(Integer rating, Thumbs thumbs) {
        return new ExplicitFeedback(rating, thumbs, null, null);
    }

    static ImplicitSignals did(Boolean completed, Boolean escalated, Integer retries, Long millis) {
        return new ImplicitSignals(completed, null, millis, retries, escalated);
    }

    static final List<FeedbackSubmitted> HISTORY = List.of(
            feedback("m-p1", ALPHA, "1.0", "billing", "2026-03-08T09:00:00Z", "u-old", said(4, null),
                    did(true, false, null, null), null, List.of()),
            feedback("m-p2", ALPHA, "1.0", "billing", "2026-03-09T15:30:00Z", "u-old", said(2, null),
                    did(false, true, null, null), null, List.of()),
            feedback("m-p3", ALPHA, "1.0", "refunds", "2026-03-09T23:30:00Z", "u-x", said(5, null),
                    did(true, null, null, null), null, List.of()),
            feedback("m-c1", ALPHA, "1.0", "billing", "2026-03-10T00:00:00Z", "u-old", said(5, Thumbs.UP),
                    did(true, false, 0, 1000L), "web", List.of("crm_lookup", "refund_api")),
            feedback("m-c2", ALPHA, "1.0", "billing", "2026-03-10T10:15:00Z", "u-new", said(1, Thumbs.DOWN),
                    did(false, true, 2, 4000L), "app", List.of("crm_lookup")),
            feedback("m-c3", ALPHA, "2.0", "billing", "2026-03-10T10:45:00Z", null, said(4, null),
                    did(true, null, null, 2000L), "web", List.of()),
            feedback("m-c4", ALPHA, "2.0", "refunds", "2026-03-10T23:30:00Z", "u-returning", said(null, Thumbs.UP),
                    did(true, false, 1, null), "app", List.of("refund_api")),
            feedback("m-c5", BETA, "1.0", "billing", "2026-03-11T08:00:00Z", "u-new", said(3, null),
                    did(false, null, null, null), "web", List.of("crm_lookup")),
            feedback("m-c6", ALPHA, "1.0", null, "2026-03-11T23:59:59Z", "u-new2", said(4, null),
                    did(null, false, null, null), null, List.of()),
            feedback("m-a1", ALPHA, "1.0", "billing", "2026-03-12T00:00:00Z", "u-old", said(5, null),
                    did(true, null, null, null), null, List.of()),
            feedback("m-c7", ALPHA, "1.0", "billing", "2026-03-10T10:05:00Z", "u-old", said(2, null),
                    did(true, false, 0, null), "web", List.of("crm_lookup")),
            feedback("m-o1", ALPHA, "1.0", "billing", "2026-03-01T12:00:00Z", "u-returning", said(3, null),
                    null, null, List.of()));

    WebTestClient http(String secret) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30));
        return secret == null ? builder.build() : builder.defaultHeader("Authorization", "Bearer " + secret).build();
    }

    WebTestClient.ResponseSpec request(String secret, String path, String... params) {
        Map<String, String> values = new HashMap<>();
        return http(secret).get().uri(uri -> {
            uri.path(path);
            for (int i = 0; i < params.length; i += 2) {
                uri.queryParam(params[i], "{" + params[i] + "}");
                values.put(params[i], params[i + 1]);
            }
            return uri.build(values);
        }).exchange();
    }

    Map<String, Object> get(String path, String... params) {
        return request(READER, "/api/v1/analytics/" + path, params).expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    @BeforeAll
    void publishTheHistoryAndWaitUntilEveryReadModelHoldsIt() {
        HISTORY.forEach(e -> eventStore.publish(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
        // the two late ones are published last: once they are in, everything is
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("summary", "start", "2026-03-01T00:00:00Z", "end", "2026-03-13T00:00:00Z"))
                    .containsEntry("total_feedback", 12);
            assertThat(get("segments", "start", "2026-03-01T00:00:00Z", "end", "2026-03-13T00:00:00Z"))
                    .containsEntry("scanned_feedback", 12);
        });
    }

    /** A metric snapshot as summary and segments show it; follow_up_required is never reported here. */
    record Metrics(long total, Double rating, Double completion, Double escalation, Double retry, Double thumbsUp,
                   long negative) {
    }

    static void assertMetrics(Map<String, Object> actual, Metrics expected) {
        assertThat(actual.get("total_feedback")).as("total_feedback").isEqualTo((int) expected.total());
        assertRate(actual, "average_rating", expected.rating());
        assertRate(actual, "completion_rate", expected.completion());
        assertRate(actual, "escalation_rate", expected.escalation());
        assertRate(actual, "retry_rate", expected.retry());
        assertRate(actual, "follow_up_rate", null);
        assertRate(actual, "thumbs_up_rate", expected.thumbsUp());
        assertThat(actual.get("negative_signals")).as("negative_signals").isEqualTo((int) expected.negative());
    }

    static void assertRate(Map<String, Object> actual, String key, Double expected) {
        if (expected == null) {
            assertThat(actual.get(key)).as(key).isNull();
        } else {
            assertThat(actual.get(key)).as(key).isInstanceOf(Number.class);
            assertThat(((Number) actual.get(key)).doubleValue()).as(key).isCloseTo(expected, within(1e-9));
        }
    }

    @SuppressWarnings("unchecked")
    static void assertTimeToCompletion(Map<String, Object> actual, Double p50, Double p90, Double p95, Double p99) {
        Map<String, Object> ttc = (Map<String, Object>) actual.get("time_to_completion_ms");
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("p50", p50);
        expected.put("p90", p90);
        expected.put("p95", p95);
        expected.put("p99", p99);
        expected.forEach((key, exact) -> {
            if (exact == null) {
                assertThat(ttc.get(key)).as(key).isNull();
            } else {
                assertThat(((Number) ttc.get(key)).doubleValue()).as(key).isCloseTo(exact, within(0.045 * exact));
            }
        });
    }

    void assertTheSummaryOfThePeriod() {
        Map<String, Object> summary = get("summary", "start", START, "end", END);
        assertThat(summary).containsEntry("start", START).containsEntry("end", END).doesNotContainKey("agent_id");
        // the snapshot's fields sit beside the period, the filters not given are left out
        assertThat(summary).containsOnlyKeys("start", "end", "total_feedback", "average_rating", "completion_rate",
                "escalation_rate", "retry_rate", "follow_up_rate", "thumbs_up_rate", "negative_signals",
                "time_to_completion_ms");
        // C1..C7; A1 at the end instant and everything before the start left out.
        // ratings 5 1 4 3 4 2 -> 19 / 6; done T F T T F T -> 4 / 6; escalated F T F F F -> 1 / 5;
        // retries 0 2 1 0 -> 2 of 4 above zero; thumbs up down up -> 2 / 3; negative C2, C7
        assertMetrics(summary, new Metrics(7, 19.0 / 6, 4.0 / 6, 1.0 / 5, 2.0 / 4, 2.0 / 3, 2));
        // times 1000 (C1), 4000 (C2), 2000 (C3): nearest rank ceil(0.5 * 3) = 2 -> 2000, ceil(0.9 * 3) = 3 -> 4000
        assertTimeToCompletion(summary, 2000.0, 4000.0, 4000.0, 4000.0);
    }

    @Test
    @Order(1)
    void theSummaryCountsEachRateOverTheFeedbackOfThePeriodThatCarriesItsSignal() {
        assertTheSummaryOfThePeriod();
    }

    @Test
    @Order(2)
    void theSummaryNarrowsToAnAgentAVersionAndAnIntent() {
        Map<String, Object> alpha = get("summary", "start", START, "end", END, "agent_id", ALPHA);
        assertThat(alpha).containsEntry("agent_id", ALPHA);
        // C1 C2 C3 C4 C6 C7: ratings 5 1 4 4 2 -> 16 / 5; done T F T T T -> 4 / 5; escalated F T F F F -> 1 / 5;
        // retries 0 2 1 0 -> 2 / 4; thumbs up down up -> 2 / 3; negative C2, C7
        assertMetrics(alpha, new Metrics(6, 16.0 / 5, 4.0 / 5, 1.0 / 5, 2.0 / 4, 2.0 / 3, 2));

        Map<String, Object> alphaOne = get("summary", "start", START, "end", END, "agent_id", ALPHA, "agent_version", "1.0");
        assertThat(alphaOne).containsEntry("agent_version", "1.0");
        // C1 C2 C6 C7: ratings 5 1 4 2 -> 3.0; done T F T -> 2 / 3; escalated F T F F -> 1 / 4; retries 0 2 0 -> 1 / 3;
        // thumbs up down -> 1 / 2; negative C2, C7; times 1000, 4000: p50 rank 1 -> 1000, p90 rank 2 -> 4000
        assertMetrics(alphaOne, new Metrics(4, 3.0, 2.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 2, 2));
        assertTimeToCompletion(alphaOne, 1000.0, 4000.0, 4000.0, 4000.0);

        // version 1.0 of both agents: C1 C2 C5 C6 C7
        assertThat(get("summary", "start", START, "end", END, "agent_version", "1.0")).containsEntry("total_feedback", 5);

        Map<String, Object> billing = get("summary", "start", START, "end", END, "intent_category", "billing");
        assertThat(billing).containsEntry("intent_category", "billing");
        // C1 C2 C3 C5 C7: ratings 5 1 4 3 2 -> 3.0; done T F T F T -> 3 / 5; escalated F T F -> 1 / 3;
        // retries 0 2 0 -> 1 / 3; thumbs up down -> 1 / 2; negative C2, C7
        assertMetrics(billing, new Metrics(5, 3.0, 3.0 / 5, 1.0 / 3, 1.0 / 3, 1.0 / 2, 2));

        // C4 alone: no rating, done, not escalated, one retry, thumbs up, no time
        Map<String, Object> refunds = get("summary", "start", START, "end", END, "agent_id", ALPHA,
                "intent_category", "refunds");
        assertMetrics(refunds, new Metrics(1, null, 1.0, 0.0, 1.0, 1.0, 0));
        assertTimeToCompletion(refunds, null, null, null, null);

        Map<String, Object> nobody = get("summary", "start", START, "end", END, "agent_id", "nobody-bot");
        assertMetrics(nobody, new Metrics(0, null, null, null, null, null, 0));
    }

    @Test
    @Order(3)
    void theSummaryPeriodIsWidenedToWholeHours() {
        Map<String, Object> widened = get("summary", "start", "2026-03-10T10:30:00Z", "end", "2026-03-10T10:50:00Z");
        // [10:30, 10:50) becomes [10:00, 11:00): C7 (10:05), C2 (10:15), C3 (10:45); ratings 2 1 4 -> 7 / 3
        assertThat(widened).containsEntry("start", "2026-03-10T10:00:00Z").containsEntry("end", "2026-03-10T11:00:00Z");
        assertMetrics(widened, new Metrics(3, 7.0 / 3, 2.0 / 3, 1.0 / 2, 1.0 / 2, 0.0, 2));

        // an end on the hour stays: [00:00, 10:00) holds C1 only, [11:00, 23:00) nothing; a second past 23:00 takes
        // in the whole hour and with it C4 (23:30)
        assertThat(get("summary", "start", START, "end", "2026-03-10T10:00:00Z")).containsEntry("total_feedback", 1)
                .containsEntry("end", "2026-03-10T10:00:00Z");
        assertThat(get("summary", "start", "2026-03-10T11:00:00Z", "end", "2026-03-10T23:00:00Z"))
                .containsEntry("total_feedback", 0);
        assertThat(get("summary", "start", "2026-03-10T11:00:00Z", "end", "2026-03-10T23:00:01Z"))
                .containsEntry("end", "2026-03-11T00:00:00Z").containsEntry("total_feedback", 1);
        // a start inside the last hour of the period: [23:00, 00:00) of 03-11 holds C6 (23:59:59)
        assertThat(get("summary", "start", "2026-03-11T23:59:00Z", "end", "2026-03-11T23:59:30Z"))
                .containsEntry("start", "2026-03-11T23:00:00Z").containsEntry("end", "2026-03-12T00:00:00Z")
                .containsEntry("total_feedback", 1);
    }

    /** One row of /daily; rates null where no feedback of the row carries the signal. */
    record Day(String date, Map<String, String> group, long count, Double rating, Double completion, Double escalation,
               Double retry) {
        Day(String date, long count, Double rating, Double completion, Double escalation, Double retry) {
            this(date, Map.of(), count, rating, completion, escalation, retry);
        }
    }

    @SuppressWarnings("unchecked")
    static void assertDays(Map<String, Object> daily, Day... expected) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) daily.get("days");
        assertThat(rows).extracting(r -> r.get("date")).containsExactly(
                java.util.Arrays.stream(expected).map(Day::date).toArray());
        for (int i = 0; i < expected.length; i++) {
            Map<String, Object> row = rows.get(i);
            Day day = expected[i];
            String what = day.date() + " " + day.group();
            day.group().forEach((key, value) -> assertThat(row).as(what).containsEntry(key, value));
            assertThat(row.get("feedback_count")).as(what).isEqualTo((int) day.count());
            assertRate(row, "average_user_rating", day.rating());
            assertRate(row, "task_completion_rate", day.completion());
            assertRate(row, "escalation_rate", day.escalation());
            assertRate(row, "retry_rate", day.retry());
        }
    }

    void assertTheDaysOfThePeriodInUtc() {
        Map<String, Object> daily = get("daily", "from", "2026-03-09", "to", "2026-03-11");
        assertThat(daily).containsEntry("from", "2026-03-09").containsEntry("to", "2026-03-11")
                .containsEntry("time_zone", "UTC").containsEntry("group_by", List.of());
        assertDays(daily,
                // P2 P3: ratings 2 5; done F T; escalated T
                new Day("2026-03-09", 2, 3.5, 0.5, 1.0, null),
                // C1 C2 C3 C4 C7: ratings 5 1 4 2 -> 3.0; done T F T T T; escalated F T F F; retries 0 2 1 0
                new Day("2026-03-10", 5, 3.0, 0.8, 0.25, 0.5),
                // C5 C6 (23:59:59): ratings 3 4; done F; escalated F
                new Day("2026-03-11", 2, 3.5, 0.0, 0.0, null));
    }

    @Test
    @Order(4)
    void dailyMetricsCoverWholeDaysFromAndToInclusive() {
        assertTheDaysOfThePeriodInUtc();
        // days without feedback are left out: 03-05..03-07 hold nothing, O1 (03-01) lies before
        assertDays(get("daily", "from", "2026-03-05", "to", "2026-03-08"), new Day("2026-03-08", 1, 4.0, 1.0, 0.0, null));
        // A1 at 03-12T00:00 is the only feedback of 03-12
        assertDays(get("daily", "from", "2026-03-12", "to", "2026-03-12"), new Day("2026-03-12", 1, 5.0, 1.0, null, null));
        assertDays(get("daily", "from", "2026-03-09", "to", "2026-03-11", "agent_id", BETA),
                new Day("2026-03-11", 1, 3.0, 0.0, null, null));
    }

    @Test
    @Order(5)
    void dailyMetricsFollowTheDaysOfTheRequestedTimeZone() {
        Map<String, Object> berlin = get("daily", "from", "2026-03-10", "to", "2026-03-11", "time_zone", "Europe/Berlin");
        assertThat(berlin).containsEntry("time_zone", "Europe/Berlin");
        // Berlin is UTC+1 in March (summer time starts 03-29): 03-10 is [03-09T23:00Z, 03-10T23:00Z)
        assertDays(berlin,
                // P3 (23:30Z the day before) C1 C2 C3 C7; C4 (23:30Z) is already the 11th: ratings 5 5 1 4 2 -> 17 / 5;
                // done T T F T T -> 4 / 5; escalated F T F -> 1 / 3; retries 0 2 0 -> 1 / 3
                new Day("2026-03-10", 5, 17.0 / 5, 0.8, 1.0 / 3, 1.0 / 3),
                // C4 C5; C6 (23:59:59Z) is the 12th in Berlin: rating 3; done T F; escalated F; retries 1
                new Day("2026-03-11", 2, 3.0, 0.5, 0.0, 1.0));
    }

    @Test
    @Order(6)
    void dailyMetricsAreGroupedByAnyCombinationOfAgentVersionAndIntent() {
        Map<String, Object> byAgent = get("daily", "from", "2026-03-10", "to", "2026-03-11", "group_by", "agent_id");
        assertThat(byAgent).containsEntry("group_by", List.of("agent_id"));
        // a group's keys sit beside the date, nothing else does
        @SuppressWarnings("unchecked")
        Map<String, Object> firstRow = ((List<Map<String, Object>>) byAgent.get("days")).get(0);
        assertThat(firstRow).containsOnlyKeys("date", "agent_id", "feedback_count", "average_user_rating",
                "task_completion_rate", "escalation_rate", "retry_rate");
        assertDays(byAgent,
                new Day("2026-03-10", Map.of("agent_id", ALPHA), 5, 3.0, 0.8, 0.25, 0.5),
                // C6
                new Day("2026-03-11", Map.of("agent_id", ALPHA), 1, 4.0, null, 0.0, null),
                // C5
                new Day("2026-03-11", Map.of("agent_id", BETA), 1, 3.0, 0.0, null, null));

        Map<String, Object> byVersionAndIntent = get("daily", "from", "2026-03-10", "to", "2026-03-10",
                "group_by", "agent_version, intent_category,agent_version");
        assertThat(byVersionAndIntent).containsEntry("group_by", List.of("agent_version", "intent_category"));
        assertDays(byVersionAndIntent,
                // C1 C2 C7: ratings 5 1 2 -> 8 / 3; done T F T; escalated F T F; retries 0 2 0
                new Day("2026-03-10", Map.of("agent_version", "1.0", "intent_category", "billing"), 3, 8.0 / 3, 2.0 / 3,
                        1.0 / 3, 1.0 / 3),
                // C3
                new Day("2026-03-10", Map.of("agent_version", "2.0", "intent_category", "billing"), 1, 4.0, 1.0, null,
                        null),
                // C4
                new Day("2026-03-10", Map.of("agent_version", "2.0", "intent_category", "refunds"), 1, null, 1.0, 0.0,
                        1.0));

        // feedback without an intent is a group of its own, named null: C6, then C5
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) get("daily", "from", "2026-03-11", "to",
                "2026-03-11", "group_by", "intent_category").get("days");
        assertThat(rows).extracting(r -> r.get("intent_category")).containsExactly(null, "billing");
        assertThat(rows).extracting(r -> r.get("feedback_count")).containsExactly(1, 1);
        assertThat(rows).extracting(r -> r.get("average_user_rating")).containsExactly(4.0, 3.0);
    }

    @Test
    @Order(7)
    void intentsCompareThePeriodWithTheOneBefore() {
        Map<String, Object> intents = get("intents", "start", START, "end", END);
        // two days, so the previous period is [03-08, 03-10); O1 (03-01) is in neither
        assertThat(intents).containsEntry("start", START).containsEntry("end", END)
                .containsEntry("previous_start", "2026-03-08T00:00:00Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) intents.get("intents");
        // by volume in the period, then by name with the unnamed intent first
        assertThat(rows).extracting(r -> r.get("intent_category")).containsExactly("billing", null, "refunds");

        // billing now C1 C2 C3 C5 C7: 5, done 3 / 5, ratings 5 1 4 3 2 -> 3.0, escalated F T F -> 1 / 3;
        // before P1 P2: 2, done T F -> 0.5, ratings 4 2 -> 3.0, escalated F T -> 0.5
        assertIntent(rows.get(0), 5, 0.6, 3.0, 1.0 / 3);
        assertIntent(previous(rows.get(0)), 2, 0.5, 3.0, 0.5);
        // change: +3, 0.6 - 0.5 = 0.1, 0, 1/3 - 1/2 = -0.1666.. rounded to 6 places
        assertIntent(change(rows.get(0)), 3, 0.1, 0.0, -0.166667);

        // no intent: C6 now, nothing before, so no rate changes
        assertIntent(rows.get(1), 1, null, 4.0, 0.0);
        assertIntent(previous(rows.get(1)), 0, null, null, null);
        assertIntent(change(rows.get(1)), 1, null, null, null);

        // refunds now C4: done, no rating, not escalated; before P3: done, rating 5, no escalation reported
        assertIntent(rows.get(2), 1, 1.0, null, 0.0);
        assertIntent(previous(rows.get(2)), 1, 1.0, 5.0, null);
        assertIntent(change(rows.get(2)), 0, 0.0, null, null);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> beta = (List<Map<String, Object>>) get("intents", "start", START, "end", END,
                "agent_id", BETA).get("intents");
        assertThat(beta).hasSize(1);
        assertIntent(beta.get(0), 1, 0.0, 3.0, null);
        assertIntent(previous(beta.get(0)), 0, null, null, null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> previous(Map<String, Object> row) {
        return (Map<String, Object>) row.get("previous");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> change(Map<String, Object> row) {
        return (Map<String, Object>) row.get("change");
    }

    static void assertIntent(Map<String, Object> metrics, long volume, Double success, Double rating, Double escalation) {
        assertThat(metrics.get("volume")).isEqualTo((int) volume);
        assertRate(metrics, "success_rate", success);
        assertRate(metrics, "average_rating", rating);
        assertRate(metrics, "escalation_rate", escalation);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> segments(Map<String, Object> report) {
        Map<String, Map<String, Object>> bySegment = new LinkedHashMap<>();
        ((List<Map<String, Object>>) report.get("segments")).forEach(s -> bySegment.put((String) s.get("segment"), s));
        return bySegment;
    }

    @Test
    @Order(8)
    void usersAreNewWhenFirstSeenInThePeriodAndReturningWhenSeenBefore() {
        Map<String, Object> report = get("segments", "start", START, "end", END);
        assertThat(report).containsEntry("by", "user_tenure").containsEntry("scanned_feedback", 7)
                .containsEntry("truncated", false);
        Map<String, Map<String, Object>> tenure = segments(report);
        assertThat(tenure).containsOnlyKeys("anonymous", "new", "returning");

        // C3 has no user
        assertThat(tenure.get("anonymous")).containsEntry("users", 0);
        assertMetrics(tenure.get("anonymous"), new Metrics(1, 4.0, 1.0, null, null, null, 0));
        assertTimeToCompletion(tenure.get("anonymous"), 2000.0, 2000.0, 2000.0, 2000.0);
        // u-new (first C2, in the period) with C2 C5, u-new2 with C6: ratings 1 3 4 -> 8 / 3; done F F;
        // escalated T F; retries 2; thumbs down; negative C2
        assertThat(tenure.get("new")).containsEntry("users", 2);
        assertMetrics(tenure.get("new"), new Metrics(3, 8.0 / 3, 0.0, 0.5, 1.0, 0.0, 1));
        // u-old (P1, 03-08) with C1 C7, u-returning (O1, 03-01, published last) with C4: ratings 5 2 -> 3.5;
        // done T T T; escalated F F F; retries 0 0 1 -> 1 / 3; thumbs up up; negative C7
        assertThat(tenure.get("returning")).containsEntry("users", 2);
        assertMetrics(tenure.get("returning"), new Metrics(3, 3.5, 1.0, 0.0, 1.0 / 3, 1.0, 1));

        // tenure is relative to the period: from 03-11 on, u-new (first seen 03-10) returns with C5
        Map<String, Map<String, Object>> lastDay = segments(get("segments", "start", "2026-03-11T00:00:00Z", "end", END));
        assertThat(lastDay).containsOnlyKeys("new", "returning");
        assertThat(lastDay.get("returning")).containsEntry("users", 1).containsEntry("total_feedback", 1)
                .containsEntry("average_rating", 3.0);
        assertThat(lastDay.get("new")).containsEntry("users", 1).containsEntry("total_feedback", 1)
                .containsEntry("average_rating", 4.0);

        // beta-bot's C5 alone; u-new was first seen with alpha-bot, on 03-10, which is in the period
        Map<String, Map<String, Object>> beta = segments(get("segments", "start", START, "end", END, "agent_id", BETA));
        assertThat(beta).containsOnlyKeys("new");
        assertThat(beta.get("new")).containsEntry("users", 1).containsEntry("total_feedback", 1);
    }

    @Test
    @Order(9)
    void metadataSegmentsHaveOneSegmentPerValueAndOnePerElementOfAnArray() {
        Map<String, Object> byChannel = get("segments", "start", START, "end", END, "by", "metadata.channel");
        assertThat(byChannel).containsEntry("by", "metadata.channel").containsEntry("scanned_feedback", 7);
        Map<String, Map<String, Object>> channels = segments(byChannel);
        assertThat(channels).containsOnlyKeys("(missing)", "app", "web");
        // C6
        assertThat(channels.get("(missing)")).containsEntry("users", 1);
        assertMetrics(channels.get("(missing)"), new Metrics(1, 4.0, null, 0.0, null, null, 0));
        // C2 (u-new) C4 (u-returning): rating 1; done F T; escalated T F; retries 2 1; thumbs down up; negative C2
        assertThat(channels.get("app")).containsEntry("users", 2);
        assertMetrics(channels.get("app"), new Metrics(2, 1.0, 0.5, 0.5, 1.0, 0.5, 1));
        // C1 (u-old) C3 (anonymous) C5 (u-new) C7 (u-old): ratings 5 4 3 2 -> 3.5; done T T F T -> 0.75;
        // escalated F F; retries 0 0; thumbs up; negative C7
        assertThat(channels.get("web")).containsEntry("users", 2);
        assertMetrics(channels.get("web"), new Metrics(4, 3.5, 0.75, 0.0, 0.0, 1.0, 1));

        Map<String, Object> byTool = get("segments", "start", START, "end", END, "by", "metadata.tools_used");
        // C1 counts in both of its tools; the feedback scanned are still 7
        assertThat(byTool).containsEntry("scanned_feedback", 7);
        Map<String, Map<String, Object>> tools = segments(byTool);
        assertThat(tools).containsOnlyKeys("(missing)", "crm_lookup", "refund_api");
        // C3 (anonymous) C6 (u-new2)
        assertThat(tools.get("(missing)")).containsEntry("users", 1).containsEntry("total_feedback", 2);
        // C1 C2 C5 C7 of u-old and u-new: ratings 5 1 3 2 -> 2.75; done T F F T -> 0.5; escalated F T F -> 1 / 3;
        // retries 0 2 0 -> 1 / 3; thumbs up down -> 0.5; negative C2 C7
        assertThat(tools.get("crm_lookup")).containsEntry("users", 2);
        assertMetrics(tools.get("crm_lookup"), new Metrics(4, 2.75, 0.5, 1.0 / 3, 1.0 / 3, 0.5, 2));
        // C1 (u-old) C4 (u-returning): rating 5; done T T; escalated F F; retries 0 1; thumbs up up
        assertThat(tools.get("refund_api")).containsEntry("users", 2);
        assertMetrics(tools.get("refund_api"), new Metrics(2, 5.0, 1.0, 0.0, 0.5, 1.0, 0));

        // a named metadata field is a segment key too: C6 has no intent
        assertThat(segments(get("segments", "start", START, "end", END, "by", "metadata.intent_category")))
                .containsOnlyKeys("(missing)", "billing", "refunds");
    }

    void assertBadParameter(String field, String path, String... params) {
        request(READER, "/api/v1/analytics/" + path, params).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }

    @Test
    @Order(10)
    void everyBadParameterIsAProblemNamingIt() {
        assertBadParameter("start", "summary", "start", END, "end", START);
        assertBadParameter("start", "summary", "start", START, "end", START);
        assertBadParameter("start", "summary", "start", "yesterday", "end", END);
        assertBadParameter("end", "summary", "start", START, "end", "2026-03-12");
        assertBadParameter("start", "intents", "start", "2026-03-10T25:00:00Z", "end", END);
        assertBadParameter("start", "segments", "start", END, "end", START);
        assertBadParameter("end", "segments", "start", START, "end", "12 March");

        assertBadParameter("from", "daily", "from", "2026-02-30", "to", "2026-03-11");
        assertBadParameter("to", "daily", "from", "2026-03-09", "to", "11/03/2026");
        assertBadParameter("from", "daily", "from", "2026-03-12", "to", "2026-03-11");
        assertBadParameter("group_by", "daily", "from", "2026-03-09", "to", "2026-03-11", "group_by", "agent_id,channel");
        assertBadParameter("group_by", "daily", "from", "2026-03-09", "to", "2026-03-11", "group_by", "Agent_Id");
        assertBadParameter("time_zone", "daily", "from", "2026-03-09", "to", "2026-03-11", "time_zone", "Mars/Olympus");
        assertBadParameter("time_zone", "daily", "from", "2026-03-09", "to", "2026-03-11", "time_zone", "UTC+25");
        // days are summed from hourly slices: a zone half an hour off UTC cannot be served exactly
        assertBadParameter("time_zone", "daily", "from", "2026-03-09", "to", "2026-03-11", "time_zone", "Asia/Kolkata");

        assertBadParameter("by", "segments", "start", START, "end", END, "by", "channel");
        assertBadParameter("by", "segments", "start", START, "end", END, "by", "metadata.");
        assertBadParameter("by", "segments", "start", START, "end", END, "by", "metadata..channel");
        assertBadParameter("by", "segments", "start", START, "end", END, "by", "metadata.$where");
    }

    @Test
    @Order(11)
    void aPeriodSpansAtMostFourHundredDays() {
        // 2025-01-01 + 400 days = 2026-02-05 (365 days to 2026-01-01, then 35)
        assertThat(get("summary", "start", "2025-01-01T00:00:00Z", "end", "2026-02-05T00:00:00Z"))
                .containsEntry("total_feedback", 0);
        // one second more is widened to a whole hour more
        assertBadParameter("end", "summary", "start", "2025-01-01T00:00:00Z", "end", "2026-02-05T00:00:01Z");
        assertBadParameter("end", "intents", "start", "2025-01-01T00:00:00Z", "end", "2026-02-05T01:00:00Z");
        assertBadParameter("end", "segments", "start", "2025-01-01T00:00:00Z", "end", "2026-02-06T00:00:00Z");

        // from and to are both included: 2025-01-01 to 2026-02-04 are 400 days, to 2026-02-05 are 401
        assertThat(get("daily", "from", "2025-01-01", "to", "2026-02-04")).containsEntry("days", List.of());
        assertBadParameter("to", "daily", "from", "2025-01-01", "to", "2026-02-05");
    }

    @Test
    @Order(12)
    void analyticsNeedAKeyWithTheAnalyticsReadScope() {
        request(null, "/api/v1/analytics/summary", "start", START, "end", END).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        request("not-a-key-at-all-0000", "/api/v1/analytics/daily").expectStatus().isUnauthorized();
        for (String path : List.of("summary", "daily", "intents", "segments")) {
            request(WRITER, "/api/v1/analytics/" + path).expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
        request(ADMIN, "/api/v1/analytics/summary", "start", START, "end", END).expectStatus().isOk();
    }

    @Test
    @Order(14)
    void aRebuiltMetricsProjectionGivesTheSameAnswers() {
        // empty the slices by hand first, so only a rebuild can bring the answers back
        Mono.from(readModels.collection(MetricsProjection.HOURLY).deleteMany(new Document())).block(Duration.ofSeconds(10));
        Mono.from(readModels.collection(MetricsProjection.DAILY).deleteMany(new Document())).block(Duration.ofSeconds(10));
        assertThat(get("summary", "start", START, "end", END)).containsEntry("total_feedback", 0);

        http(ADMIN).post().uri("/api/v1/admin/projections/{name}/reset", MetricsProjection.PROCESSING_GROUP)
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.name").isEqualTo(MetricsProjection.PROCESSING_GROUP);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertTheSummaryOfThePeriod();
            assertTheDaysOfThePeriodInUtc();
            assertThat(get("summary", "start", "2026-03-01T00:00:00Z", "end", "2026-03-13T00:00:00Z"))
                    .containsEntry("total_feedback", 12);
        });
        // tenure does not depend on the metrics projection: the same as before the rebuild
        Map<String, Map<String, Object>> tenure = segments(get("segments", "start", START, "end", END));
        assertThat(tenure).containsOnlyKeys("anonymous", "new", "returning");
        assertThat(tenure.get("new")).containsEntry("users", 2).containsEntry("total_feedback", 3);
        assertThat(tenure.get("returning")).containsEntry("users", 2).containsEntry("total_feedback", 3);
    }

    @Test
    @Order(20)
    void aSummaryReadWithAWritesConsistencyTokenAlreadyCountsThatWrite() {
        for (int i = 0; i < 5; i++) {
            String day = "2026-05-0" + (i + 1);
            FeedbackSubmitted late = feedback("m-ryw-" + i, BETA, "1.0", "billing", day + "T12:00:00Z", "u-ryw",
                    said(5, null), null, null, List.of());
            eventStore.publish(new GenericDomainEventMessage<>("Feedback", late.feedbackId().value(), 0, late));
            String token = "g" + eventStore.createHeadToken().position().orElseThrow();
            assertThat(get("summary", "start", day + "T00:00:00Z", "end", day + "T23:00:00Z",
                    "consistent_with", token)).containsEntry("total_feedback", 1);
        }
        request(READER, "/api/v1/analytics/feedback", "consistent_with", "g").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("consistent_with");
    }
}
