package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.support.secrets.SecretBox;
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

    static final SecretBox BOX = new SecretBox(new byte[32]);
    static final String SEALED = BOX.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SubscribeWebhook.secretContext(ID));
    static final String SEALED_2 = BOX.seal("whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcw==", SubscribeWebhook.secretContext(ID));
    static final String SEALED_3 = BOX.seal("whsec_dGhpcmQtc2VjcmV0LW9mLTI0LWJ5dGVzIQ==", SubscribeWebhook.secretContext(ID));

    static SubscribeWebhook subscribe(List<String> types, String sealedSecret) {
        return new SubscribeWebhook(ID, "https://ci.example.com/hooks", types, sealedSecret, "ci", AT);
    }

    static WebhookSubscribed subscribed() {
        return new WebhookSubscribed(ID, "https://ci.example.com/hooks", List.of("feedbackloop.trigger.condition_met"),
                SEALED, "ci", AT);
    }

    @Test
    void subscribingRecordsTheUrlDottedTypesAndSealedSecret() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("feedbackloop.trigger.condition_met"), SEALED))
                .expectEvents(subscribed());
    }

    @Test
    void classNamesOfOlderClientsAreRecordedAsDottedTypes() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("TriggerConditionMet", "feedbackloop.trigger.condition_met"), SEALED))
                .expectEvents(subscribed());
    }

    @Test
    void aPlainSecretNeverReachesTheEventStore() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("feedbackloop.trigger.condition_met"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void rotatingKeepsTheReplacedSecretSigningUntilTheOverlapEnds() {
        fixture.given(subscribed())
                .when(new RotateWebhookSecret(ID, SEALED_2, LATER, LATER.plusSeconds(86_400)))
                .expectEvents(new WebhookSecretRotated(ID, SEALED_2,
                        List.of(new WebhookSecretRotated.Retiring(SEALED, LATER.plusSeconds(86_400))), LATER));
    }

    @Test
    void aSecondRotationKeepsOnlyEarlierSecretsStillWithinTheirOverlap() {
        Instant third = LATER.plusSeconds(3_600);
        fixture.given(subscribed(), new WebhookSecretRotated(ID, SEALED_2,
                        List.of(new WebhookSecretRotated.Retiring(SEALED, LATER.plusSeconds(60))), LATER))
                .when(new RotateWebhookSecret(ID, SEALED_3, third, third.plusSeconds(600)))
                .expectEvents(new WebhookSecretRotated(ID, SEALED_3,
                        List.of(new WebhookSecretRotated.Retiring(SEALED_2, third.plusSeconds(600))), third));
    }

    @Test
    void anEndedSubscriptionCannotRotate() {
        fixture.given(subscribed(), new WebhookSubscriptionRemoved(ID, LATER))
                .when(new RotateWebhookSecret(ID, SEALED_2, LATER, LATER))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotSubscribeToAnUnknownEventType() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of("FeedbackSubmitted"), SEALED))
                .expectException(BusinessRuleViolation.class)
                .expectNoEvents();
    }


    @Test
    void cannotSubscribeToNothing() {
        fixture.givenNoPriorActivity()
                .when(subscribe(List.of(), SEALED))
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
