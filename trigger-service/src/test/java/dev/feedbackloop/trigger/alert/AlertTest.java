package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.trigger.AcknowledgeAlert;
import dev.feedbackloop.kernel.trigger.AlertAcknowledged;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

class AlertTest {

    static final String ID = "al-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<Alert> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Alert.class);
    }

    static RaiseAlert raise() {
        return new RaiseAlert(ID, "in-1", "support-bot", "error-rate", "ops-slack", Severity.CRITICAL,
                "Error rate above 5%", "error_rate 0.08 over 1h", "https://runbooks.example.com/errors",
                Map.of("intent_category", "billing"), AT);
    }

    static AlertRaised raised() {
        return new AlertRaised(ID, "in-1", "support-bot", "error-rate", "ops-slack", Severity.CRITICAL,
                "Error rate above 5%", "error_rate 0.08 over 1h", "https://runbooks.example.com/errors",
                Map.of("intent_category", "billing"), AT);
    }

    @Test
    void raisingRecordsTheAlert() {
        fixture.givenNoPriorActivity().when(raise()).expectEvents(raised());
    }

    @Test
    void raisingTheSameIdAgainChangesNothing() {
        fixture.given(raised()).when(raise()).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void raisingNeedsAChannelAndSeverity() {
        fixture.givenNoPriorActivity()
                .when(new RaiseAlert(ID, "in-1", "support-bot", "error-rate", " ", null, "t", null, null, null, AT))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }

    @Test
    void acknowledgingARaisedAlert() {
        fixture.given(raised()).when(new AcknowledgeAlert(ID, "ana", LATER))
                .expectEvents(new AlertAcknowledged(ID, "ana", LATER));
    }

    @Test
    void acknowledgingTwiceChangesNothing() {
        fixture.given(raised(), new AlertAcknowledged(ID, "ana", LATER))
                .when(new AcknowledgeAlert(ID, "bob", LATER.plusSeconds(5)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aResolvedAlertCannotBeAcknowledged() {
        fixture.given(raised(), new AlertResolved(ID, "ops-slack", "system", "cleared", LATER))
                .when(new AcknowledgeAlert(ID, "ana", LATER.plusSeconds(5)))
                .expectException(WrongState.class).expectNoEvents();
    }

    @Test
    void resolvingCopiesTheChannel() {
        fixture.given(raised(), new AlertAcknowledged(ID, "ana", LATER))
                .when(new ResolveAlert(ID, "ana", "fixed the prompt", LATER.plusSeconds(60)))
                .expectEvents(new AlertResolved(ID, "ops-slack", "ana", "fixed the prompt", LATER.plusSeconds(60)));
    }

    @Test
    void aRaisedAlertCanBeResolvedWithoutAcknowledging() {
        fixture.given(raised())
                .when(new ResolveAlert(ID, "system", "condition cleared", LATER))
                .expectEvents(new AlertResolved(ID, "ops-slack", "system", "condition cleared", LATER));
    }

    @Test
    void resolvingAResolvedAlertChangesNothing() {
        fixture.given(raised(), new AlertResolved(ID, "ops-slack", "system", "cleared", LATER))
                .when(new ResolveAlert(ID, "ana", "again", LATER.plusSeconds(5)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void commandsToAnUnknownAlertAreNotFound() {
        fixture.givenNoPriorActivity().when(new AcknowledgeAlert("nope", "ana", LATER))
                .expectException(allOf(instanceOf(BusinessRuleViolation.class),
                        hasProperty("message", is("There is no alert 'nope'"))))
                .expectNoEvents();
        fixture.givenNoPriorActivity().when(new ResolveAlert("nope", "ana", "x", LATER))
                .expectExceptionMessage("There is no alert 'nope'").expectNoEvents();
    }

    @Test
    void notFoundCarriesItsCode() {
        fixture.givenNoPriorActivity().when(new ResolveAlert("nope", "ana", "x", LATER))
                .expectException(org.hamcrest.Matchers.<Throwable>both(instanceOf(BusinessRuleViolation.class))
                        .and(org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("nope"))));
        BusinessRuleViolation v = dev.feedbackloop.support.aggregate.WrongState.notFound("alert", "nope");
        org.junit.jupiter.api.Assertions.assertEquals(ErrorCode.NOT_FOUND, v.code());
    }

    @Test
    void actingNeedsSomeone() {
        fixture.given(raised()).when(new AcknowledgeAlert(ID, " ", LATER))
                .expectException(BusinessRuleViolation.class).expectNoEvents();
    }
}
