package dev.feedbackloop.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description shows the analysis API as its records define it: every operation answers a named schema with
 * its properties in snake_case, query parameters carry the names they are read by, and bodies name their record.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ml=analytics:read=reader-secret-00000003")
class AnalysisApiDescriptionTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-openapi").toString());
    }

    @Value("${local.server.port}")
    int port;

    /** Generated once, on the first request: that may take a while on a loaded machine. */
    JsonNode api() throws IOException {
        return new ObjectMapper().readTree(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void everyAnalysisOperationAnswersARecordSchemaWithItsSummaryAndTag() throws IOException {
        JsonNode api = api();
        List<String> operations = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        Set<String> reached = new TreeSet<>();
        api.path("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api/v1/analytics") && !path.getKey().startsWith("/api/v1/models")) {
                return;
            }
            path.getValue().fields().forEachRemaining(op -> {
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                JsonNode operation = op.getValue();
                assertThat(operation.path("summary").asText()).as(name).isNotBlank();
                assertThat(operation.path("tags").size()).as(name).isPositive();
                if (op.getKey().equals("delete")) {
                    return;
                }
                JsonNode ok = operation.path("responses").has("201") ? operation.path("responses").path("201")
                        : operation.path("responses").path("200");
                String ref = ok.at("/content/application~1json/schema/$ref").asText();
                if (ref.isEmpty()) {
                    untyped.add(name + " " + ok);
                } else {
                    reach(api, ref, reached);
                }
            });
        });
        assertThat(operations).hasSizeGreaterThanOrEqualTo(20);
        assertThat(untyped).as("operations without a response record").isEmpty();
        for (String schema : reached) {
            assertThat(api.at("/components/schemas/" + schema + "/properties").size()).as(schema).isPositive();
        }
        assertThat(reached).contains("FeedbackSummary", "DailyMetrics", "IntentPerformance",
                "SegmentReport", "DriftFeatureDetail", "DriftHistograms", "RuleCondition", "FailureClusterDetail",
                "FailureModeReport", "ModelVersionResponse", "AgentsResponse", "FeedbackSearchHit");
    }

    @Test
    void theSchemasNameTheFieldsAsTheWireDoes() throws IOException {
        JsonNode schemas = api().path("components").path("schemas");
        // the snapshot's fields sit beside the period's, as the summary answers them
        assertThat(names(schemas.path("FeedbackSummary").path("properties")))
                .contains("start", "end", "agent_id", "total_feedback", "average_rating", "time_to_completion_ms");
        assertThat(names(schemas.path("FailureClusterDetail").path("properties")))
                .contains("id", "size_24h", "top_intents", "exemplars", "member_ids", "members_truncated", "history");
        assertThat(names(schemas.path("FailureModeReport").path("properties"))).contains("report", "new", "merged");
        assertThat(names(schemas.path("FailureModeOfWeek").path("properties"))).contains("peak_size_24h", "this_week");
        assertThat(names(schemas.path("DriftFeatureDetail").path("properties")))
                .contains("psi", "reference_count", "histograms", "history");
    }

    @Test
    void queryParametersAndBodiesAreDescribedByTheirRecords() throws IOException {
        JsonNode api = api();
        assertThat(api.at("/paths/~1api~1v1~1analytics~1daily/get/parameters").findValuesAsText("name"))
                .containsExactly("from", "to", "group_by", "agent_id", "time_zone", "X-Consistency-Token", "consistent_with");
        assertThat(api.at("/paths/~1api~1v1~1analytics~1drift~1{feature}/get/parameters").findValuesAsText("name"))
                .contains("feature", "agent_id", "limit");
        assertThat(api.at("/paths/~1api~1v1~1analytics~1conditions/get/parameters/1/schema/enum").toString())
                .isEqualTo("[\"met\",\"cleared\"]");
        assertThat(api.at("/paths/~1api~1v1~1models~1{modelId}~1versions/post/requestBody/content/application~1json/schema/$ref")
                .asText()).endsWith("/ModelVersionRequest");
        assertThat(api.at("/paths/~1api~1v1~1analytics~1drift~1baselines~1{agentId}/post/requestBody/content/application~1json/schema/$ref")
                .asText()).endsWith("/PinBaselineRequest");
        assertThat(api.at("/paths/~1api~1v1~1analytics~1feedback~1search/post/requestBody/content/application~1json/schema/$ref")
                .asText()).endsWith("/FeedbackSearchRequest");
    }

    static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The component schemas {@code ref} names, and those they name in turn. */
    static void reach(JsonNode api, String ref, Set<String> seen) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        if (name.equals("Problem") || !seen.add(name)) {
            return;
        }
        api.path("components").path("schemas").path(name).findValuesAsText("$ref").forEach(next -> reach(api, next, seen));
    }
}
