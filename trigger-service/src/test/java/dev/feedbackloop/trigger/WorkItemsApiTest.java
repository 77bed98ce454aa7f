package dev.feedbackloop.trigger;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.trigger.AcknowledgeAlert;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.kernel.trigger.ResolveTicket;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import reactor.core.publisher.Mono;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import dev.feedbackloop.support.consistency.ConsistencyToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Date;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The alert, ticket and incident API on the real embedded stores: the platform's work is created by commands (as the
 * incident saga does), then read and acted on over HTTP. Reading needs analytics:read, acting triggers:manage.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001;adm=admin=admin-secret-00000000001")
class WorkItemsApiTest {

    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-work-api").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    ReadModelWriter readModels;

    WebTestClient client(String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10));
        return key == null ? builder.build() : builder.defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    WebTestClient reader() {
        return client("reader-secret-00000001");
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The consistency token a write answered with; every write of these routes carries one. */
    static String tokenOf(WebTestClient.ResponseSpec answered) {
        String token = answered.expectHeader().exists(ConsistencyToken.HEADER)
                .returnResult(Void.class).getResponseHeaders().getFirst(ConsistencyToken.HEADER);
        assertNotNull(token);
        return token;
    }

    void openIncident(String incidentId, String agentId, String rule) {
        commands.sendAndWait(new OpenIncident(incidentId, agentId, rule, "error_rate", Map.of("intent_category", "billing"),
                0.08, 0.02, "> 0.05", AT.minusSeconds(3600), List.of("alert", "ticket"), AT));
    }

    void raiseAlert(String alertId, String incidentId, String agentId) {
        commands.sendAndWait(new RaiseAlert(alertId, incidentId, agentId, "error-rate", "ops-slack", Severity.CRITICAL,
                "Error rate above 5%", "error_rate 0.08 over 1h", "https://runbooks.example.com/errors",
                Map.of("intent_category", "billing"), AT));
    }

    void createTicket(String ticketId, String incidentId, String agentId, Priority priority, Instant at) {
        commands.sendAndWait(new CreateTicket(ticketId, incidentId, agentId, "error-rate", "Billing answers fail",
                "error_rate 0.08", priority, Severity.WARNING, 1500, Map.of("intent_category", "billing"), at));
    }

    @Test
    void anAlertIsReadAcknowledgedAndResolved() {
        String agent = unique("agent-");
        String incident = unique("in-");
        String alert = unique("al-");
        openIncident(incident, agent, "error-rate");
        raiseAlert(alert, incident, agent);
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/alerts/" + alert).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(alert)
                .jsonPath("$.incident_id").isEqualTo(incident)
                .jsonPath("$.agent_id").isEqualTo(agent)
                .jsonPath("$.channel").isEqualTo("ops-slack")
                .jsonPath("$.severity").isEqualTo("critical")
                .jsonPath("$.scope.intent_category").isEqualTo("billing")
                .jsonPath("$.state").isEqualTo("raised")
                .jsonPath("$.raised_at").isEqualTo(AT.toString()));

        String acknowledged = tokenOf(manager().post().uri("/api/v1/alerts/" + alert + "/acknowledge").exchange()
                .expectStatus().isNoContent());
        // read your writes: given the acknowledgement's token the alert shows it at once, no polling
        reader().get().uri("/api/v1/alerts/" + alert + "?consistent_with=" + acknowledged).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("acknowledged")
                .jsonPath("$.acknowledged_by").isEqualTo("ops")
                .jsonPath("$.acknowledged_at").isNotEmpty();
        manager().post().uri("/api/v1/alerts/" + alert + "/acknowledge").bodyValue(Map.of("by", "ana"))
                .exchange().expectStatus().isNoContent();

        manager().post().uri("/api/v1/alerts/" + alert + "/resolve")
                .bodyValue(Map.of("by", "ana", "reason", "prompt fixed")).exchange().expectStatus().isNoContent();
        await().atMost(WAIT).untilAsserted(() -> reader().get()
                .uri("/api/v1/alerts?state=resolved&agent_id=" + agent + "&limit=10").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.alerts[0].id").isEqualTo(alert)
                .jsonPath("$.alerts[0].resolved_by").isEqualTo("ana")
                .jsonPath("$.alerts[0].resolution_reason").isEqualTo("prompt fixed")
                .jsonPath("$.alerts.length()").isEqualTo(1));
        reader().get().uri("/api/v1/alerts?state=raised&agent_id=" + agent).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.alerts").isEmpty();

        manager().post().uri("/api/v1/alerts/" + alert + "/acknowledge").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("WRONG_STATE");
        manager().post().uri("/api/v1/alerts/" + alert + "/resolve").exchange().expectStatus().isNoContent();
    }

    @Test
    void ticketsAreListedByPriorityThenAgeAndWorkedOn() {
        String agent = unique("agent-");
        String low = unique("tk-low-");
        String highOld = unique("tk-high-old-");
        String highNew = unique("tk-high-new-");
        createTicket(low, null, agent, Priority.LOW, AT);
        createTicket(highNew, null, agent, Priority.HIGH, AT.plusSeconds(60));
        createTicket(highOld, null, agent, Priority.HIGH, AT);
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/tickets?agent_id=" + agent).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.tickets[*].id").isEqualTo(List.of(highOld, highNew, low))
                .jsonPath("$.tickets[0].priority").isEqualTo("high")
                .jsonPath("$.tickets[0].affected_volume").isEqualTo(1500)
                .jsonPath("$.tickets[0].state").isEqualTo("open"));

        String prioritized = tokenOf(manager().post().uri("/api/v1/tickets/" + low + "/priority")
                .bodyValue(Map.of("priority", "critical", "reason", "customers escalate")).exchange()
                .expectStatus().isNoContent());
        reader().get().uri("/api/v1/tickets?agent_id=" + agent + "&priority=critical&consistent_with=" + prioritized)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.tickets[*].id").isEqualTo(List.of(low))
                .jsonPath("$.tickets[0].prioritized_by").isEqualTo("ops")
                .jsonPath("$.tickets[0].priority_reason").isEqualTo("customers escalate");

        String resolved = tokenOf(manager().post().uri("/api/v1/tickets/" + low + "/resolve")
                .bodyValue(Map.of("resolution", "prompt fixed")).exchange().expectStatus().isNoContent());
        reader().get().uri("/api/v1/tickets/" + low + "?consistent_with=" + resolved).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("resolved")
                .jsonPath("$.resolution").isEqualTo("prompt fixed")
                .jsonPath("$.resolved_by").isEqualTo("ops");
        reader().get().uri("/api/v1/tickets?state=open&agent_id=" + agent).exchange().expectBody()
                .jsonPath("$.tickets[*].id").isEqualTo(List.of(highOld, highNew));

        manager().post().uri("/api/v1/tickets/" + low + "/priority").bodyValue(Map.of("priority", "low"))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("WRONG_STATE");
    }

    @Test
    void peopleOpenTicketsByHand() {
        String agent = unique("agent-");
        var created = manager().post().uri("/api/v1/tickets")
                .bodyValue(Map.of("title", "Refunds answered wrongly", "description", "see trace t-9",
                        "priority", "medium", "agent_id", agent))
                .exchange().expectStatus().isCreated()
                .expectHeader().value("Location", startsWith("/api/v1/tickets/tk-"))
                .expectHeader().exists(ConsistencyToken.HEADER)
                .expectBody(Map.class).returnResult();
        String id = (String) created.getResponseBody().get("id");
        String token = created.getResponseHeaders().getFirst(ConsistencyToken.HEADER);
        // read your writes: the ticket is there at once for a read given the creation's token
        reader().get().uri("/api/v1/tickets/" + id + "?consistent_with=" + token).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.title").isEqualTo("Refunds answered wrongly")
                .jsonPath("$.priority").isEqualTo("medium")
                .jsonPath("$.agent_id").isEqualTo(agent)
                .jsonPath("$.incident_id").isEmpty()
                .jsonPath("$.state").isEqualTo("open");
    }

    @Test
    void aDropOfJudgeAgreementRecordedByTheImprovementServiceOpensARetrainTicket() {
        String name = unique("judged-");
        eventStore.publish(new GenericDomainEventMessage<>("JudgeAgreement", Streams.judgeAgreement(name), 0,
                new JudgeAgreementDropped(name, "2026-W47", 0.2, 0.899749, AT)));
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/tickets/tk-judges-" + name + "-2026-W47")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.title").isEqualTo("Retrain the LLM judge for " + name + ": agreement with humans fell from 0.90 to 0.20")
                .jsonPath("$.priority").isEqualTo("high")
                .jsonPath("$.severity").isEqualTo("warning")
                .jsonPath("$.agent_id").isEmpty()
                .jsonPath("$.state").isEqualTo("open"));
    }

    @Test
    void anIncidentListsTheAlertsAndTicketsItCaused() {
        String agent = unique("agent-");
        String incident = unique("in-");
        String alert = unique("al-");
        String ticket = unique("tk-");
        openIncident(incident, agent, "error-rate");
        raiseAlert(alert, incident, agent);
        createTicket(ticket, incident, agent, Priority.HIGH, AT);
        commands.sendAndWait(new ClearIncident(incident, 0.01, AT.plusSeconds(600)));
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/incidents/" + incident).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(incident)
                .jsonPath("$.rule").isEqualTo("error-rate")
                .jsonPath("$.metric").isEqualTo("error_rate")
                .jsonPath("$.value").isEqualTo(0.08)
                .jsonPath("$.last_value").isEqualTo(0.01)
                .jsonPath("$.actions").isEqualTo(List.of("alert", "ticket"))
                .jsonPath("$.state").isEqualTo("cleared")
                .jsonPath("$.cleared_at").isEqualTo(AT.plusSeconds(600).toString())
                .jsonPath("$.recurrences").isEqualTo(0)
                .jsonPath("$.alert_ids").isEqualTo(List.of(alert))
                .jsonPath("$.ticket_ids").isEqualTo(List.of(ticket)));
        reader().get().uri("/api/v1/incidents?state=cleared&rule=error-rate&agent_id=" + agent).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.incidents[*].id").value(hasItem(incident))
                .jsonPath("$.incidents[0].alert_ids").isEqualTo(List.of(alert));
        reader().get().uri("/api/v1/incidents?state=open&agent_id=" + agent).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.incidents").isEmpty();
    }

    @Test
    void replayingTheProjectionsRebuildsTheSameDocuments() {
        String agent = unique("agent-");
        String incident = unique("in-");
        String alert = unique("al-");
        String ticket = unique("tk-");
        openIncident(incident, agent, "error-rate");
        raiseAlert(alert, incident, agent);
        createTicket(ticket, incident, agent, Priority.MEDIUM, AT);
        commands.sendAndWait(new ClearIncident(incident, 0.01, AT.plusSeconds(600)));
        commands.sendAndWait(new RecordIncidentRecurrence(incident, 0.07, AT.plusSeconds(900)));
        commands.sendAndWait(new AcknowledgeAlert(alert, "ana", AT.plusSeconds(60)));
        commands.sendAndWait(new PrioritizeTicket(ticket, Priority.HIGH, "spreading", "ana", AT.plusSeconds(70)));
        commands.sendAndWait(new ResolveTicket(ticket, "prompt fixed", "ana", AT.plusSeconds(80)));
        Map<String, Object> expected = Map.of(
                "alerts", Map.of("state", "acknowledged", "acknowledged_at", Date.from(AT.plusSeconds(60))),
                "tickets", Map.of("state", "resolved", "priority", "high", "resolved_at", Date.from(AT.plusSeconds(80))),
                "incidents", Map.of("state", "open", "recurred_at", List.of(Date.from(AT.plusSeconds(900)))));
        Map<String, String> ids = Map.of("alerts", alert, "tickets", ticket, "incidents", incident);
        Map<String, Document> before = new java.util.HashMap<>();
        await().atMost(WAIT).untilAsserted(() -> ids.forEach((collection, id) -> {
            Document d = document(collection, id);
            assertNotNull(d, collection);
            ((Map<?, ?>) expected.get(collection)).forEach((field, value) -> assertEquals(value, d.get(field)));
            before.put(collection, d);
        }));
        for (String group : List.of("trigger-alerts", "trigger-tickets", "trigger-incidents")) {
            client("admin-secret-00000000001").post().uri("/api/v1/admin/projections/" + group + "/reset").exchange()
                    .expectStatus().isAccepted();
        }
        await().atMost(WAIT).untilAsserted(() -> ids.forEach((collection, id) ->
                assertEquals(before.get(collection), document(collection, id), collection)));
        reader().get().uri("/api/v1/incidents/" + incident).exchange().expectBody()
                .jsonPath("$.recurrences").isEqualTo(1)
                .jsonPath("$.last_value").isEqualTo(0.07)
                .jsonPath("$.alert_ids").isEqualTo(List.of(alert))
                .jsonPath("$.ticket_ids").isEqualTo(List.of(ticket));
    }

    Document document(String collection, String id) {
        return Mono.from(readModels.collection(collection).find(Filters.eq("_id", id)).first())
                .block(Duration.ofSeconds(5));
    }

    @Test
    void badInputIsA400NamingTheField() {
        reader().get().uri("/api/v1/alerts?state=closed").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("state")
                .jsonPath("$.errors[0].rule").isEqualTo("one_of");
        reader().get().uri("/api/v1/tickets?limit=0").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("limit").jsonPath("$.errors[0].rule").isEqualTo("range");
        reader().get().uri("/api/v1/incidents?limit=many").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("limit").jsonPath("$.errors[0].rule").isEqualTo("type");
        reader().get().uri("/api/v1/tickets?priority=urgent").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("priority");
        reader().get().uri("/api/v1/incidents?state=resolved").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("state");

        String ticket = unique("tk-");
        createTicket(ticket, null, unique("agent-"), Priority.LOW, AT);
        manager().post().uri("/api/v1/tickets/" + ticket + "/priority").bodyValue(Map.of("priority", "urgent"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'priority')].rule").isEqualTo(List.of("one_of"));
        manager().post().uri("/api/v1/tickets/" + ticket + "/priority").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"priority\": \"high\",").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].rule").isEqualTo("json_syntax");
        manager().post().uri("/api/v1/tickets/" + ticket + "/resolve").bodyValue(Map.of("resolution", " ", "colour", "x"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'resolution')].rule").isEqualTo(List.of("not_blank"))
                .jsonPath("$.errors[?(@.field == 'colour')].rule").isEqualTo(List.of("unknown_field"));
        manager().post().uri("/api/v1/tickets").bodyValue(Map.of("priority", "high"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'title')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'agent_id')].rule").isEqualTo(List.of("required"));
        manager().post().uri("/api/v1/alerts/al-x/acknowledge").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[1]").exchange().expectStatus().isBadRequest();
    }

    @Test
    void unknownIdsAreNotFound() {
        reader().get().uri("/api/v1/alerts/al-nope").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        reader().get().uri("/api/v1/tickets/tk-nope").exchange().expectStatus().isNotFound();
        reader().get().uri("/api/v1/incidents/in-nope").exchange().expectStatus().isNotFound();
        manager().post().uri("/api/v1/alerts/al-nope/acknowledge").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        manager().post().uri("/api/v1/alerts/al-nope/resolve").bodyValue(Map.of("reason", "x"))
                .exchange().expectStatus().isNotFound();
        manager().post().uri("/api/v1/tickets/tk-nope/priority").bodyValue(Map.of("priority", "high"))
                .exchange().expectStatus().isNotFound();
        manager().post().uri("/api/v1/tickets/tk-nope/resolve").bodyValue(Map.of("resolution", "done"))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void readingNeedsAnalyticsAndActingNeedsTriggers() {
        client(null).get().uri("/api/v1/alerts").exchange().expectStatus().isUnauthorized();
        manager().get().uri("/api/v1/alerts").exchange().expectStatus().isForbidden();
        manager().get().uri("/api/v1/tickets/tk-1").exchange().expectStatus().isForbidden();
        manager().get().uri("/api/v1/incidents").exchange().expectStatus().isForbidden();
        reader().get().uri("/api/v1/incidents").exchange().expectStatus().isOk();
        reader().post().uri("/api/v1/alerts/al-1/acknowledge").exchange().expectStatus().isForbidden();
        reader().post().uri("/api/v1/tickets").bodyValue(Map.of("title", "t", "priority", "low", "agent_id", "a"))
                .exchange().expectStatus().isForbidden();
        reader().post().uri("/api/v1/tickets/tk-1/resolve").bodyValue(Map.of("resolution", "done"))
                .exchange().expectStatus().isForbidden();
    }
}
