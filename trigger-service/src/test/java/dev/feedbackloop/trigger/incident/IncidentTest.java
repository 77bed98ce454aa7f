package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.IncidentCleared;
import dev.feedbackloop.kernel.trigger.IncidentClosed;
import dev.feedbackloop.kernel.trigger.IncidentOpened;
import dev.feedbackloop.kernel.trigger.IncidentRecurred;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.trigger.aggregate.WrongState;
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
        return new IncidentOpened(ID, "support-bot", "error-rate", "error_rate", Map.of("intent_category", "billing"),
                0.08, 0.02, "> 0.05", SINCE, List.of("alert", "ticket"), AT);
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
