package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.cycle.CycleEvent;
import dev.feedbackloop.kernel.cycle.JudgeAgreementEvent;
import dev.feedbackloop.kernel.analysis.MonitorEvent;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The events a webhook may subscribe to, by simple class name: every monitor, failure cluster and trigger event
 * (incidents, alerts, tickets, test cases, evaluation and pipeline runs), and the improvement cycle's events. Read from the sealed interfaces, so a new
 * event becomes subscribable with no list to keep in step.
 */
public final class WebhookEventTypes {

    public static final Set<String> KNOWN = Stream.of(MonitorEvent.class, FailureClusterEvent.class, TriggerEvent.class,
                    CycleEvent.class, JudgeAgreementEvent.class)
            .flatMap(WebhookEventTypes::records)
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));

    private WebhookEventTypes() {
    }

    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }

    /** The subscribable type of an event, or null when no webhook may receive it. */
    public static String of(Object event) {
        return event instanceof MonitorEvent || event instanceof FailureClusterEvent || event instanceof TriggerEvent
                || event instanceof CycleEvent || event instanceof JudgeAgreementEvent
                ? event.getClass().getSimpleName() : null;
    }

    private static Stream<Class<?>> records(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isSealed() ? records(c) : Stream.of(c));
    }
}
