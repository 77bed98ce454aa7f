package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class WebhookSubscriptionTest {

    static final String ID = "wh-1";
    static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-28T10:00:00Z");
    private AggregateTestFixture<WebhookSubscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookSubscription.class);
    }

    static SubscribeWebhook subscribe(List<String> types, String secret) {
        return new SubscribeWebhook(ID, "https://ci.example.com/hooks", types, secret, "ci", AT);
    }

    static WebhookSubscribed subscribed() {
        return new WebhookSubscribed(ID, "https://ci.example.com/hooks", List.of("TriggerConditionMet"),
                "a-secret-of-16-chars", "ci", AT);
    }

    @Test
    void subscribingRecordsTheUrlTypesAndSecret() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("TriggerConditionMet"), "a-secret-of-16-chars"))
                .expectEvents(subscribed());
    }

    @Test
    void cannotSubscribeToAnUnknownEventType() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("FeedbackSubmitted"), "a-secret-of-16-chars"))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotSubscribeWithAShortSecret() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("DriftDetected"), "short"))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void cannotSubscribeToNothing() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of(), "a-secret-of-16-chars"))
                .expectException(BusinessRuleViolation.class);
    }

    @Test
    void removingStopsTheSubscription() {
        fixture.given(subscribed())
                .when(new RemoveWebhookSubscription(ID, LATER))
                .expectEvents(new WebhookSubscriptionRemoved(ID, LATER));
    }

    @Test
    void removingTwiceChangesNothing() {
        fixture.given(subscribed(), new WebhookSubscriptionRemoved(ID, LATER))
                .when(new RemoveWebhookSubscription(ID, LATER.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void disablingRecordsTheReason() {
        fixture.given(subscribed())
                .when(new DisableWebhookSubscription(ID, "20 deliveries in a row failed", LATER))
                .expectEvents(new WebhookSubscriptionDisabled(ID, "20 deliveries in a row failed", LATER));
    }

    @Test
    void aRemovedSubscriptionIsNotDisabledAfterwards() {
        fixture.given(subscribed(), new WebhookSubscriptionRemoved(ID, LATER))
                .when(new DisableWebhookSubscription(ID, "20 deliveries in a row failed", LATER.plusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void disablingNeedsAReason() {
        fixture.given(subscribed())
                .when(new DisableWebhookSubscription(ID, " ", LATER))
                .expectException(BusinessRuleViolation.class);
    }
}
