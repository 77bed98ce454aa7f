package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.AutoActionRequested;
import dev.feedbackloop.kernel.trigger.ChangeIncidentSeverity;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.IncidentCleared;
import dev.feedbackloop.kernel.trigger.IncidentClosed;
import dev.feedbackloop.kernel.trigger.IncidentOpened;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.IncidentSeverityChanged;
import dev.feedbackloop.kernel.trigger.IncidentRecurred;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.support.aggregate.WrongState;
import dev.feedbackloop.kernel.trigger.RequestAutoAction;
import dev.feedbackloop.kernel.trigger.Severity;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class IncidentTest {

    static final String ID = "in-1";
    static final Instant SINCE = Instant.parse("2026-11-28T08:00:00Z");
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Incident.class);
    }

    static OpenIncident open() {
        return new OpenIncident(ID, "support-bot", "error-rate", "error_rate", Map.of("intent_category", "billing"),
                0.08, 0.02, "> 0.05", SINCE, List.of("alert", "ticket"), AT);
    }

    static IncidentOpened opened() {
        // a warning by default: P3, response within the hour, escalation after four, counted from when it was reported
        return new IncidentOpened(ID, "support-bot", "error-rate", "error_rate", Map.of("intent_category", "billing"),
                0.08, 0.02, "> 0.05", SINCE, List.of("alert", "ticket"), AT, Severity.WARNING, IncidentPriority.P3,
                AT.plusSeconds(3600), AT.plusSeconds(4 * 3600));
    }

    static final Instant NOW = Instant.parse("2026-11-28T09:02:00Z");

    static ChangeIncidentSeverity toCritical() {
        return new ChangeIncidentSeverity(ID, Severity.CRITICAL, IncidentPriority.P2, "high_error_rate", 0.08, LATER, NOW);
    }

    @Test
    void anAlertsLevelOpensTheIncidentWithItsSeverityAndPriorityAndTheirDueTimes() {
        fixture.givenNoPriorActivity()
                .when(new OpenIncident(ID, "support-bot", "safety_concern", "guardrail_triggers_per_minute", Map.of(),
                        72.0, null, "> 50", SINCE, List.of("alert", "auto_action"), AT, Severity.CRITICAL,
                        IncidentPriority.P1, NOW))
                .expectEvents(new IncidentOpened(ID, "support-bot", "safety_concern", "guardrail_triggers_per_minute",
                        Map.of(), 72.0, null, "> 50", SINCE, List.of("alert", "auto_action"), AT, Severity.CRITICAL,
                        IncidentPriority.P1, NOW.plusSeconds(300), NOW));
    }

    @Test
    void anOpenIncidentsSeverityMovesWithItsPriorityAndOnlyWhenItChanges() {
        IncidentSeverityChanged up = new IncidentSeverityChanged(ID, "support-bot", Severity.WARNING, Severity.CRITICAL,
                IncidentPriority.P2, NOW.plusSeconds(15 * 60), NOW.plusSeconds(30 * 60), "high_error_rate", 0.08, LATER);
        fixture.given(opened()).when(toCritical()).expectEvents(up);
        fixture.given(opened(), up).when(toCritical()).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened(), up)
                .when(new ChangeIncidentSeverity(ID, Severity.WARNING, null, "high_error_rate", 0.03, LATER.plusSeconds(600), NOW))
                .expectEvents(new IncidentSeverityChanged(ID, "support-bot", Severity.CRITICAL, Severity.WARNING,
                        IncidentPriority.P3, NOW.plusSeconds(3600), NOW.plusSeconds(4 * 3600), "high_error_rate", 0.03,
                        LATER.plusSeconds(600)));
        fixture.given(opened(), cleared()).when(toCritical()).expectException(WrongState.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(toCritical()).expectException(BusinessRuleViolation.class);
    }

    @Test
    void anAutoActionIsAnnouncedOncePerRuleActionAndEventTime() {
        RequestAutoAction filter = new RequestAutoAction(ID, "safety_concern", "enable_enhanced_filtering",
                Severity.CRITICAL, LATER);
        AutoActionRequested requested = new AutoActionRequested(ID, "support-bot", "safety_concern",
                "enable_enhanced_filtering", Map.of("intent_category", "billing"), Severity.CRITICAL, LATER);
        fixture.given(opened()).when(filter).expectEvents(requested);
        fixture.given(opened(), requested).when(filter).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened(), requested, cleared())
                .when(new RequestAutoAction(ID, "safety_concern", "enable_enhanced_filtering", Severity.CRITICAL,
                        LATER.plusSeconds(3600)))
                .expectEvents(new AutoActionRequested(ID, "support-bot", "safety_concern", "enable_enhanced_filtering",
                        Map.of("intent_category", "billing"), Severity.CRITICAL, LATER.plusSeconds(3600)));
    }

    static IncidentCleared cleared() {
        return new IncidentCleared(ID, "support-bot", 0.01, LATER);
    }

    @Test
    void openingRecordsTheIncident() {
        fixture.givenNoPriorActivity().when(open()).expectEvents(opened());
    }

    @Test
    void openingTheSameIdAgainChangesNothing() {
        fixture.given(opened()).when(open()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void openingNeedsAnAgentAndARule() {
        fixture.givenNoPriorActivity()
                .when(new OpenIncident(ID, null, " ", null, null, null, null, null, null, null, AT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void anOpenIncidentClears() {
        fixture.given(opened()).when(new ClearIncident(ID, 0.01, LATER)).expectEvents(cleared());
    }

    @Test
    void aClearedIncidentDoesNotClearAgain() {
        fixture.given(opened(), cleared()).when(new ClearIncident(ID, 0.01, LATER.plusSeconds(60)))
                .expectException(WrongState.class).expectNoEvents();
    }

    @Test
    void aClearedIncidentRecurs() {
        fixture.given(opened(), cleared()).when(new RecordIncidentRecurrence(ID, 0.09, LATER.plusSeconds(60)))
                .expectEvents(new IncidentRecurred(ID, "support-bot", 0.09, LATER.plusSeconds(60)));
    }

    @Test
    void anIncidentRecurredClearsAgain() {
        fixture.given(opened(), cleared(), new IncidentRecurred(ID, "support-bot", 0.09, LATER.plusSeconds(60)))
                .when(new ClearIncident(ID, 0.02, LATER.plusSeconds(120)))
                .expectEvents(new IncidentCleared(ID, "support-bot", 0.02, LATER.plusSeconds(120)));
    }

    @Test
    void anOpenIncidentDoesNotRecur() {
        fixture.given(opened()).when(new RecordIncidentRecurrence(ID, 0.09, LATER))
                .expectException(WrongState.class).expectNoEvents();
    }

    @Test
    void aClosedIncidentNeitherRecursNorClears() {
        fixture.given(opened(), cleared(), new IncidentClosed(ID, "support-bot", "work_done", LATER.plusSeconds(60)))
                .when(new RecordIncidentRecurrence(ID, 0.09, LATER.plusSeconds(120)))
                .expectException(WrongState.class).expectNoEvents();
        fixture.given(opened(), new IncidentClosed(ID, "support-bot", "timed_out", LATER))
                .when(new ClearIncident(ID, 0.01, LATER.plusSeconds(120)))
                .expectException(WrongState.class).expectNoEvents();
    }

    @Test
    void aClearedIncidentCloses() {
        fixture.given(opened(), cleared()).when(new CloseIncident(ID, "work_done", LATER.plusSeconds(60)))
                .expectEvents(new IncidentClosed(ID, "support-bot", "work_done", LATER.plusSeconds(60)));
    }

    @Test
    void anOpenIncidentClosesWhenItsDeadlinePassed() {
        fixture.given(opened()).when(new CloseIncident(ID, "timed_out", LATER))
                .expectEvents(new IncidentClosed(ID, "support-bot", "timed_out", LATER));
    }

    @Test
    void closingTwiceChangesNothing() {
        fixture.given(opened(), new IncidentClosed(ID, "support-bot", "timed_out", LATER))
                .when(new CloseIncident(ID, "work_done", LATER.plusSeconds(60)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void closingNeedsAReason() {
        fixture.given(opened()).when(new CloseIncident(ID, null, LATER))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void commandsToAnUnknownIncidentAreNotFound() {
        fixture.givenNoPriorActivity().when(new ClearIncident("nope", 0.0, LATER))
                .expectExceptionMessage("There is no incident 'nope'").expectNoEvents();
        fixture.givenNoPriorActivity().when(new RecordIncidentRecurrence("nope", 0.0, LATER))
                .expectExceptionMessage("There is no incident 'nope'").expectNoEvents();
        fixture.givenNoPriorActivity().when(new CloseIncident("nope", "work_done", LATER))
                .expectExceptionMessage("There is no incident 'nope'").expectNoEvents();
    }
}
