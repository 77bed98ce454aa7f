package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.Severity;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PagerDuty Events API v2: trigger with dedup_key = alert id and the payload fields; resolve with three fields. */
class PagerDutyEventTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void aRaisedAlertIsATrigger() throws Exception {
        AlertRaised alert = SlackMessageTest.alert(Severity.CRITICAL, "https://wiki.example.com/rb/perf");
        JsonNode event = JSON.readTree(PagerDutyEvent.trigger("R0UT1NGKEY", alert));
        assertThat(names(event)).containsExactly("routing_key", "event_action", "dedup_key", "client", "payload", "links");
        assertThat(event.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(event.get("event_action").asText()).isEqualTo("trigger");
        assertThat(event.get("dedup_key").asText()).isEqualTo("al-1");
        JsonNode payload = event.get("payload");
        assertThat(payload.get("summary").asText())
                .isEqualTo("Task success rate below 80%: task_success_rate 0.72 < 0.80 for 24h");
        assertThat(payload.get("source").asText()).isEqualTo("support-bot");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-28T08:00:00Z");
        assertThat(payload.get("component").asText()).isEqualTo("support-bot");
        assertThat(payload.get("group").asText()).isEqualTo("billing");
        assertThat(payload.get("class").asText()).isEqualTo("performance_degradation");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("alert_id").asText()).isEqualTo("al-1");
        assertThat(details.get("incident_id").asText()).isEqualTo("in-7");
        assertThat(details.get("rule").asText()).isEqualTo("performance_degradation");
        assertThat(details.get("scope").get("intent_category").asText()).isEqualTo("billing");
        assertThat(details.get("runbook").asText()).isEqualTo("https://wiki.example.com/rb/perf");
        assertThat(event.get("links")).hasSize(1);
        assertThat(event.get("links").get(0).get("href").asText()).isEqualTo("https://wiki.example.com/rb/perf");
        assertThat(event.get("links").get(0).get("text").asText()).isEqualTo("Runbook");
    }

    @Test
    void severitiesMapAndTheSummaryIsCutTo1024() throws Exception {
        assertThat(PagerDutyEvent.severity(Severity.CRITICAL)).isEqualTo("critical");
        assertThat(PagerDutyEvent.severity(Severity.WARNING)).isEqualTo("warning");
        assertThat(PagerDutyEvent.severity(Severity.INFO)).isEqualTo("info");
        AlertRaised big = new AlertRaised("al-9", null, "bot", "r", "pd", Severity.INFO, "t", "s".repeat(3000), null,
                Map.of("agent_id", "bot", "agent_version", "v3"), SlackMessageTest.RAISED);
        JsonNode event = JSON.readTree(PagerDutyEvent.trigger("k", big));
        assertThat(event.get("payload").get("summary").asText()).hasSize(1024);
        assertThat(event.get("payload").get("severity").asText()).isEqualTo("info");
        assertThat(event.get("payload").get("component").asText()).isEqualTo("bot@v3");
        assertThat(event.get("payload").get("group").asText()).isEqualTo("bot");
        assertThat(event.has("links")).isFalse();
    }

    @Test
    void aResolutionCarriesOnlyRoutingKeyActionAndDedupKey() throws Exception {
        JsonNode event = JSON.readTree(PagerDutyEvent.resolve("R0UT1NGKEY", "al-1"));
        assertThat(names(event)).containsExactly("routing_key", "event_action", "dedup_key");
        assertThat(event.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(event.get("event_action").asText()).isEqualTo("resolve");
        assertThat(event.get("dedup_key").asText()).isEqualTo("al-1");
    }
}
