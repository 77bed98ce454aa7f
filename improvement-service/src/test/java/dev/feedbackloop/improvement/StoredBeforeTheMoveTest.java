package dev.feedbackloop.improvement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.improvement.cycle.FakeApprovedTestCases;
import dev.feedbackloop.improvement.cycle.FakeCycleAnalyst;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.CyclePhaseStarted;
import dev.feedbackloop.kernel.cycle.CycleReviewCompiled;
import dev.feedbackloop.kernel.cycle.CycleWorkLinked;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store of a platform upgraded across the move of the improvement cycle out of the trigger service. The fixture
 * {@code legacy-store/open-cycle.json} holds the rows the trigger service wrote before the move (its writer is in the
 * history of this file's module: {@code LegacyCycleStoreWriter}, commit "Fixture: what the trigger service stores for
 * an open improvement cycle"): an open cycle of week 2026-W49 whose saga waits for its review deadline, a ticket
 * linked to it, an evaluation dataset and a judge agreement. They are restored into a fresh PostgreSQL database at
 * schema version 2, as the old code left it; the improvement service then starts on it (running migration 3).
 * The review deadline fell due while the service was being upgraded: it fires at start-up and the moved saga handles
 * it; the saga's old associations still route ticket events to it; the moved processors pick up the stored tokens
 * under their unchanged names; and the cycle and judge read models rebuild from the stored events.
 */
@SpringBootTest(classes = ImprovementServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=adm=admin=admin-secret-00000000001",
                "platform.cycles.enabled=false",
                "platform.judges.check-interval=1000h",
                "db-scheduler.polling-interval=1s",
                // the later phases stay far away, so the test sees only what the stored deadline does
                "platform.cycles.deep-dive=900000h", "platform.cycles.prioritization=900001h",
                "platform.cycles.implementation=900002h", "platform.cycles.measurement=900003h",
                "platform.cycles.close=900004h"})
@Import({FakeCycleAnalyst.Config.class, FakeApprovedTestCases.Config.class})
class StoredBeforeTheMoveTest {

    static final String FIXTURE = "/legacy-store/open-cycle.json";
    static final String CYCLE = "cy-legacy-bot-2026-W49";
    static final String AGENT = "legacy-bot";
    static final String OLD_SAGA_TYPE = "dev.feedbackloop.trigger.cycle.CycleSaga";
    static final String NEW_SAGA_TYPE = "dev.feedbackloop.improvement.cycle.CycleSaga";
    static final Instant REVIEW_AT = Instant.parse("2026-11-30T09:00:00Z");
    static final Instant IN_THE_WEEK = Instant.parse("2026-12-04T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);

    static String database;
    static JsonNode fixture;

    @DynamicPropertySource
    static void restoredStore(DynamicPropertyRegistry registry) {
        database = TestDatabases.newPostgresDatabase();
        fixture = read(FIXTURE);
        Flyway.configure().dataSource(database, TestDatabases.postgresUser(), TestDatabases.postgresPassword())
                .locations("classpath:db/migration/postgresql").target("2").load().migrate();
        try (Connection c = connection()) {
            restore(c, fixture.path("tables"));
            try (Statement s = c.createStatement()) {
                // the review was due while the service was down for the upgrade
                s.executeUpdate("UPDATE scheduled_tasks SET execution_time = now() - interval '1 minute'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not restore " + FIXTURE, e);
        }
        registry.add("platform.database.url", () -> database);
        registry.add("platform.database.username", TestDatabases::postgresUser);
        registry.add("platform.database.password", TestDatabases::postgresPassword);
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("improvement-stored-before-move").toString());
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            TestDatabases.dropPostgresDatabase(database);
        }
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    FakeCycleAnalyst analyst;

    @Test
    void aCycleOpenedBeforeTheMoveGoesOnInTheImprovementService() throws Exception {
        // the stored deadline fired and the moved saga, loaded from the stored entry, ran the review
        await().atMost(WAIT).untilAsserted(() -> assertThat(cycleEvents())
                .anySatisfy(e -> assertThat(e).isEqualTo(new CyclePhaseStarted(CYCLE, "review", REVIEW_AT)))
                .anySatisfy(e -> assertThat(e).isInstanceOf(CycleReviewCompiled.class)));
        assertThat(analyst.calls).containsExactly(
                "review " + AGENT + " 2026-11-23T00:00:00Z 2026-11-30T00:00:00Z");
        try (Connection c = connection()) {
            assertThat(strings(c, "SELECT sagaType FROM SagaEntry")).containsExactly(NEW_SAGA_TYPE);
            assertThat(strings(c, "SELECT DISTINCT sagaType FROM AssociationValueEntry")).containsExactly(NEW_SAGA_TYPE);
            // the deadlines' rows only: the recurring cluster jobs (cycle opener, judge agreement) have rows of their own
            assertThat(strings(c, "SELECT task_instance FROM scheduled_tasks WHERE task_name = '"
                    + fixture.at("/tables/scheduled_tasks/0/task_name").asText() + "'"))
                    .as("the stored deadline is done; the deep dive's is pending")
                    .hasSize(1).doesNotContain(fixture.at("/tables/scheduled_tasks/0/task_instance").asText());
            assertThat(strings(c, "SELECT DISTINCT type FROM DomainEventEntry WHERE aggregateIdentifier = '"
                    + Streams.improvementCycle(CYCLE) + "'")).containsExactly("ImprovementCycle");
        }

        // the associations stored before the move still lead events to the saga: by agent and by ticket
        eventStore.publish(
                new GenericDomainEventMessage<>("Ticket", Streams.ticket("tk-legacy-2"), 0,
                        new TicketCreated("tk-legacy-2", null, AGENT, "manual", "Tone", "after the move", Priority.LOW,
                                Severity.INFO, 1, Map.of(), IN_THE_WEEK)),
                new GenericDomainEventMessage<>("Ticket", Streams.ticket("tk-legacy-1"), 1,
                        new TicketResolved("tk-legacy-1", "fixed", "ana", IN_THE_WEEK)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cycleEvents())
                .contains(new CycleWorkLinked(CYCLE, "ticket", "tk-legacy-2", "open", IN_THE_WEEK),
                        new CycleWorkLinked(CYCLE, "ticket", "tk-legacy-1", "resolved", IN_THE_WEEK)));

        // every processor of the improvement service runs under a name stored before the move: no token starts over
        Set<String> storedBefore = new HashSet<>();
        fixture.at("/tables/TokenEntry").forEach(t -> storedBefore.add(t.path("processorname").asText()));
        assertThat(processing.eventProcessors().keySet()).isNotEmpty().allSatisfy(name ->
                assertThat(storedBefore).as("processor %s", name).contains(name));
        try (Connection c = connection()) {
            assertThat(storedBefore).containsAll(strings(c, "SELECT DISTINCT processorName FROM TokenEntry"));
        }

        // the read models rebuild from the events stored before the move and after it
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer admin-secret-00000000001").build();
        for (String projection : List.of("trigger-cycles", "trigger-judge-agreement")) {
            admin.post().uri("/api/v1/admin/projections/{name}/reset", projection).exchange().expectStatus().isAccepted();
        }
        await().atMost(WAIT).untilAsserted(() -> admin.get().uri("/api/v1/cycles/{id}", CYCLE).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.agent_id").isEqualTo(AGENT)
                .jsonPath("$.week").isEqualTo("2026-W49")
                .jsonPath("$.state").isEqualTo("open")
                .jsonPath("$.phase").isEqualTo("review")
                .jsonPath("$.phase_started_at.review").isEqualTo(REVIEW_AT.toString())
                .jsonPath("$.review").exists()
                .jsonPath("$.dataset.dataset_id").isEqualTo("ds-" + AGENT)
                .jsonPath("$.dataset.test_cases").isEqualTo(1)
                // each work item in its latest state: the ticket linked before the move, resolved after it
                .jsonPath("$.linked_work.length()").isEqualTo(2)
                .jsonPath("$.linked_work[?(@.work_id == 'tk-legacy-1')].state").isEqualTo(List.of("resolved"))
                .jsonPath("$.linked_work[?(@.work_id == 'tk-legacy-2')].state").isEqualTo(List.of("open")));
        await().atMost(WAIT).untilAsserted(() -> admin.get().uri("/api/v1/judges/agreement").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.weeks.length()").isEqualTo(1)
                .jsonPath("$.weeks[0].assessment_name").isEqualTo("helpfulness")
                .jsonPath("$.weeks[0].week").isEqualTo("2026-W48")
                .jsonPath("$.weeks[0].kappa").isEqualTo(0.71));
    }

    @Test
    void theFixtureHoldsTheNamesTheTriggerServiceStored() {
        // what makes this test worth running: the saga was stored under the trigger service's class name
        assertThat(fixture.at("/tables/SagaEntry/0/sagatype").asText()).isEqualTo(OLD_SAGA_TYPE);
        assertThat(fixture.at("/tables/AssociationValueEntry")).allSatisfy(a ->
                assertThat(a.path("sagatype").asText()).isEqualTo(OLD_SAGA_TYPE));
        assertThat(new String(Base64.getDecoder().decode(fixture.at("/tables/scheduled_tasks/0/task_data").asText())))
                .contains("\"type\":\"CycleSaga\"", "cycle-phase");
    }

    private List<Object> cycleEvents() {
        return eventStore.readEvents(Streams.improvementCycle(CYCLE)).asStream()
                .map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    static Connection connection() throws SQLException {
        return DriverManager.getConnection(database, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static JsonNode read(String resource) {
        try (InputStream in = StoredBeforeTheMoveTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts every row as stored, then moves the id sequences past them as a live database would have them. */
    static void restore(Connection c, JsonNode tables) throws SQLException {
        for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            for (JsonNode row : table.getValue()) {
                insert(c, table.getKey(), row);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setval(pg_get_serial_sequence('domainevententry', 'globalindex'), "
                    + "(SELECT max(globalIndex) FROM DomainEventEntry))");
            s.execute("SELECT setval(pg_get_serial_sequence('associationvalueentry', 'id'), "
                    + "(SELECT max(id) FROM AssociationValueEntry))");
        }
    }

    static void insert(Connection c, String table, JsonNode row) throws SQLException {
        List<String> columns = new ArrayList<>();
        row.fieldNames().forEachRemaining(columns::add);
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            ParameterMetaData meta = p.getParameterMetaData();
            for (int i = 0; i < columns.size(); i++) {
                JsonNode value = row.get(columns.get(i));
                int type = meta.getParameterType(i + 1);
                if (value.isNull()) {
                    p.setNull(i + 1, type);
                } else if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
                    p.setBytes(i + 1, Base64.getDecoder().decode(value.asText()));
                } else if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                    p.setTimestamp(i + 1, Timestamp.from(Instant.parse(value.asText())));
                } else if (value.isBoolean()) {
                    p.setBoolean(i + 1, value.asBoolean());
                } else if (value.isIntegralNumber()) {
                    p.setLong(i + 1, value.asLong());
                } else {
                    p.setString(i + 1, value.asText());
                }
            }
            p.executeUpdate();
        }
    }
}
