package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEventTypesTest {

    static Stream<Class<?>> records(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses()).flatMap(c -> c.isSealed() ? records(c) : Stream.of(c));
    }

    @Test
    void everyEventOfTheSubscribableFamiliesHasExactlyOneDottedType() {
        Set<Class<?>> events = WebhookEventTypes.FAMILIES.stream().flatMap(WebhookEventTypesTest::records)
                .collect(Collectors.toSet());
        assertThat(WebhookEventTypes.table().keySet()).containsExactlyInAnyOrderElementsOf(events);
        assertThat(WebhookEventTypes.KNOWN).hasSize(events.size());
    }

    @Test
    void dottedTypesFollowTheStandardWebhooksCharacterSet() {
        assertThat(WebhookEventTypes.KNOWN).allMatch(t -> t.matches("feedbackloop(\\.[a-z0-9_]+){2}"));
    }

    @Test
    void legacyClassNamesOfOlderSubscriptionsStillNameTheirType() {
        assertThat(WebhookEventTypes.normalize("TriggerConditionMet")).contains("feedbackloop.trigger.condition_met");
        assertThat(WebhookEventTypes.normalize("feedbackloop.alert.raised")).contains("feedbackloop.alert.raised");
        assertThat(WebhookEventTypes.normalize("Nope")).isEmpty();
        assertThat(WebhookEventTypes.isKnown("feedbackloop.alert")).isFalse();
        assertThat(WebhookEventTypes.ofClass(TriggerConditionMet.class)).isEqualTo("feedbackloop.trigger.condition_met");
        assertThat(WebhookEventTypes.of("not an event")).isNull();
    }
}
