package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.interaction.InteractionAmended;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.InteractionSpansHeld;
import dev.feedbackloop.kernel.interaction.ModelPrice;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.kernel.interaction.Usage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InteractionTest {

    static final TraceId TRACE = TraceId.of("0af7651916cd43dd8448eb211c80319c");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:05Z");
    static final ModelPrice GPT = new ModelPrice(2.5, 10.0);
    static final Map<String, ModelPrice> PRICES = Map.of("gpt-4o", GPT);

    AggregateTestFixture<Interaction> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Interaction.class);
    }

    static InteractionSpan root(String id, long millis, boolean error, String errorType) {
        return new InteractionSpan(id, true, "agent.run", T0, T0.plusMillis(millis), error, errorType, null, true,
                0, 0, null, 0, "support-bot", "2.3.1", "billing", "u-1", "s-1");
    }

    static InteractionSpan llm(String id, long in, long out) {
        return new InteractionSpan(id, false, "chat gpt-4o", T0.plusMillis(10), T0.plusMillis(400), false, null,
                "gpt-4o", false, in, out, null, 0, "support-bot", "2.3.1", null, null, null);
    }

    static InteractionSpan guard(String id, long triggers) {
        return new InteractionSpan(id, false, "guardrail", T0.plusMillis(5), T0.plusMillis(6), false, null, null,
                false, 0, 0, null, triggers, "support-bot", "2.3.1", null, null, null);
    }

    static RecordInteractionSpans spans(InteractionSpan... spans) {
        return new RecordInteractionSpans(TRACE, List.of(spans), PRICES, RECEIVED);
    }

    static InteractionRecorded recorded(long latency, Usage usage, List<String> ids, int count) {
        return new InteractionRecorded(TRACE, "r1", "agent.run", "support-bot", "2.3.1", "billing", "u-1", "s-1", T0,
                T0.plusMillis(latency), latency, false, null, "gpt-4o", usage,
                new Usage(usage.inputTokens(), usage.outputTokens(), usage.costMicros(), 0), Usage.NONE,
                PRICES, ids, count, RECEIVED);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> onlyRecorded(
            java.util.function.Predicate<InteractionRecorded> check) {
        return (org.hamcrest.Matcher) org.axonframework.test.matchers.Matchers.exactSequenceOf(
                org.axonframework.test.matchers.Matchers.messageWithPayload(org.axonframework.test.matchers.Matchers.matches(
                        payload -> payload instanceof InteractionRecorded r && check.test(r))),
                org.axonframework.test.matchers.Matchers.andNoMore());
    }

    @Test
    void aWholeTraceInOneRequestIsRecordedOnceWithItsRootsLatencyAndTheModelSpansUsagePriced() {
        // 1000 in at 2.5/M + 200 out at 10/M = 2500 + 2000 millionths
        fixture.givenNoPriorActivity()
                .when(spans(llm("l1", 1000, 200), guard("g1", 2), root("r1", 1200, false, null)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new SpanOutcome(3, 0, 0))
                .expectEvents(recorded(1200, new Usage(1000, 200, 4500, 2), List.of("l1", "g1", "r1"), 3));
    }

    @Test
    void theSameSpansSentAgainStoreNothing() {
        fixture.given(recorded(1200, new Usage(1000, 200, 4500, 0), List.of("l1", "r1"), 2))
                .when(spans(llm("l1", 1000, 200), root("r1", 1200, false, null)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new SpanOutcome(0, 2, 0))
                .expectNoEvents();
    }

    @Test
    void spansBeforeTheRootAreHeldAndCountedWhenItArrives() {
        InteractionSpansHeld held = new InteractionSpansHeld(TRACE, List.of(llm("l1", 1000, 200)), Map.of("l1", 4500L),
                PRICES, RECEIVED);
        fixture.givenNoPriorActivity()
                .when(spans(llm("l1", 1000, 200)))
                .expectEvents(held);
        fixture.given(held)
                .when(spans(root("r1", 1200, false, null)))
                .expectEvents(new InteractionRecorded(TRACE, "r1", "agent.run", "support-bot", "2.3.1", "billing", "u-1",
                        "s-1", T0, T0.plusMillis(1200), 1200, false, null, "gpt-4o", new Usage(1000, 200, 4500, 0),
                        new Usage(1000, 200, 4500, 0), Usage.NONE, Map.of(), List.of("l1", "r1"), 2, RECEIVED));
    }

    @Test
    void aLateChildSpanAmendsTheUsageWhereTheInteractionIsCounted() {
        fixture.given(recorded(1200, new Usage(1000, 200, 4500, 0), List.of("l1", "r1"), 2))
                .when(spans(llm("l2", 400, 0)))
                .expectEvents(new InteractionAmended(TRACE, "support-bot", "2.3.1", "billing", T0.plusMillis(1200),
                        new Usage(400, 0, 1000, 0), new Usage(1400, 200, 5500, 0), new Usage(1400, 200, 5500, 0),
                        Usage.NONE, PRICES, List.of("l2"), 3, RECEIVED));
    }

    @Test
    void anAgentSpansTotalsCountOnlyUntilAModelSpanReportsTokens() {
        InteractionSpan agentRoot = new InteractionSpan("r1", true, "invoke_agent", T0, T0.plusMillis(900), false, null,
                "gpt-4o", true, 1500, 300, null, 0, "support-bot", null, null, null, null);
        fixture.givenNoPriorActivity()
                .when(spans(agentRoot))
                .expectEventsMatching(onlyRecorded(r -> r.usage().equals(new Usage(1500, 300, 6750, 0))));
        // the model spans' own report replaces the agent's repeated totals: 1500/300 -> 1000/200
        fixture.given(new InteractionRecorded(TRACE, "r1", "invoke_agent", "support-bot", null, null, null, null, T0,
                        T0.plusMillis(900), 900, false, null, "gpt-4o", new Usage(1500, 300, 6750, 0), Usage.NONE,
                        new Usage(1500, 300, 6750, 0), PRICES, List.of("r1"), 1, RECEIVED))
                .when(spans(llm("l1", 1000, 200)))
                .expectEvents(new InteractionAmended(TRACE, "support-bot", null, null, T0.plusMillis(900),
                        new Usage(-500, -100, -2250, 0), new Usage(1000, 200, 4500, 0), new Usage(1000, 200, 4500, 0),
                        new Usage(1500, 300, 6750, 0), PRICES, List.of("l1"), 2, RECEIVED));
    }

    @Test
    void anErrorTypeIsKeptOnlyForARootInError() {
        fixture.givenNoPriorActivity()
                .when(spans(root("r1", 50, true, "RateLimitError")))
                .expectEventsMatching(onlyRecorded(r -> r.error() && "RateLimitError".equals(r.errorType())));
        fixture.givenNoPriorActivity()
                .when(spans(new InteractionSpan("r1", true, "agent.run", T0, T0.plusMillis(50), false, "ignored", null,
                        false, 0, 0, null, 0, null, null, null, null, null)))
                .expectEventsMatching(onlyRecorded(r -> !r.error() && r.errorType() == null));
    }

    @Test
    void aReportedCostIsTakenAsReportedInsteadOfPricingTheTokens() {
        assertThat(Interaction.cost(new InteractionSpan("x", false, "chat", T0, T0, false, null, "gpt-4o", false, 1000, 0,
                0.0123, 0, null, null, null, null, null), PRICES, new java.util.HashMap<>())).isEqualTo(12_300);
        assertThat(Interaction.cost(new InteractionSpan("x", false, "chat", T0, T0, false, null, "unknown-model", false,
                1000, 0, null, 0, null, null, null, null, null), PRICES, new java.util.HashMap<>())).isZero();
    }

    @Test
    void spansBeyondTheLimitOfATraceAreRefusedAndTheRestStored() {
        List<InteractionSpan> many = new ArrayList<>();
        for (int i = 0; i < Interaction.MAX_SPANS + 5; i++) {
            many.add(guard("g" + i, 0));
        }
        fixture.givenNoPriorActivity()
                .when(new RecordInteractionSpans(TRACE, many, PRICES, RECEIVED))
                .expectResultMessagePayload(new SpanOutcome(Interaction.MAX_SPANS, 0, 5));
    }
}
