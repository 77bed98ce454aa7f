package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack incoming-webhook bodies: text fallback plus header, summary, fields, runbook and context blocks. */
class SlackMessageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant RAISED = Instant.parse("2026-11-28T08:00:00Z");

    static AlertRaised alert(Severity severity, String runbook) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", "support-bot");
        scope.put("intent_category", "billing");
        return new AlertRaised("al-1", "in-7", "support-bot", "performance_degradation", "slack-ml-team", severity,
                "Task success rate below 80%", "task_success_rate 0.72 < 0.80 for 24h", runbook, scope, RAISED);
    }

    @Test
    void aRaisedAlertShowsSeverityRuleAgentScopeSummaryAndRunbook() throws Exception {
        JsonNode body = JSON.readTree(SlackMessage.raised(alert(Severity.CRITICAL, "https://wiki.example.com/rb/perf")));
        assertThat(body.get("text").asText()).isEqualTo(":rotating_light: [CRITICAL] Task success rate below 80% "
                + "(rule performance_degradation, agent support-bot)");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks).hasSize(5);
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText())
                .isEqualTo(":rotating_light: Critical: Task success rate below 80%");
        assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("task_success_rate 0.72 &lt; 0.80 for 24h");
        List<String> fields = JSON.convertValue(blocks.get(2).get("fields").findValuesAsText("text"), List.class);
        assertThat(fields).containsExactly("*Severity*\ncritical", "*Rule*\nperformance_degradation",
                "*Agent*\nsupport-bot", "*Scope*\nagent_id=support-bot, intent_category=billing");
        assertThat(blocks.get(2).get("fields").findValuesAsText("type")).containsOnly("mrkdwn");
        assertThat(blocks.get(3).get("text").get("text").asText()).isEqualTo(":book: <https://wiki.example.com/rb/perf|Runbook>");
        assertThat(blocks.get(4).get("type").asText()).isEqualTo("context");
        assertThat(blocks.get(4).get("elements").get(0).get("text").asText())
                .isEqualTo("alert al-1 · incident in-7 · raised 2026-11-28T08:00:00Z");
    }

    @Test
    void noRunbookNoRunbookBlockAndMarkupIsEscaped() throws Exception {
        AlertRaised raw = new AlertRaised("al-2", null, "bot", "r", "c", Severity.INFO, "<!channel> & co",
                null, null, Map.of(), RAISED);
        JsonNode body = JSON.readTree(SlackMessage.raised(raw));
        JsonNode blocks = body.get("blocks");
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo(":information_source: Info: <!channel> & co");
        assertThat(blocks.get(1).get("fields").get(3).get("text").asText()).isEqualTo("*Scope*\n-");
        assertThat(blocks.get(2).get("elements").get(0).get("text").asText()).isEqualTo("alert al-2 · raised 2026-11-28T08:00:00Z");
    }

    @Test
    void longTextIsCutToSlacksLimits() throws Exception {
        AlertRaised big = new AlertRaised("al-3", null, "bot", "r", "c", Severity.WARNING, "t".repeat(400),
                "s".repeat(5000), null, Map.of(), RAISED);
        JsonNode blocks = JSON.readTree(SlackMessage.raised(big)).get("blocks");
        assertThat(blocks.get(0).get("text").get("text").asText()).hasSize(150).endsWith("…");
        assertThat(blocks.get(1).get("text").get("text").asText()).hasSize(3000);
    }

    @Test
    void aResolutionNamesTheAlertItResolves() throws Exception {
        AlertResolved resolved = new AlertResolved("al-1", "slack-ml-team", "jane", "rate back above 0.85",
                Instant.parse("2026-11-29T08:00:00Z"));
        JsonNode body = JSON.readTree(SlackMessage.resolved(resolved, alert(Severity.WARNING, null)));
        assertThat(body.get("text").asText()).isEqualTo(":white_check_mark: [RESOLVED] Task success rate below 80% "
                + "(rule performance_degradation, agent support-bot)");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo(":white_check_mark: Resolved: Task success rate below 80%");
        assertThat(blocks.get(1).get("fields").findValuesAsText("text")).containsExactly("*Rule*\nperformance_degradation",
                "*Agent*\nsupport-bot", "*Resolved by*\njane", "*Reason*\nrate back above 0.85");
        assertThat(blocks.get(2).get("elements").get(0).get("text").asText())
                .isEqualTo("alert al-1 · resolved 2026-11-29T08:00:00Z");

        JsonNode unknown = JSON.readTree(SlackMessage.resolved(resolved, null));
        assertThat(unknown.get("text").asText()).isEqualTo(":white_check_mark: [RESOLVED] alert al-1");
    }
}
