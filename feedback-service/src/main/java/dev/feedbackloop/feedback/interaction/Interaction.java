package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.interaction.InteractionAmended;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.InteractionSpansHeld;
import dev.feedbackloop.kernel.interaction.ModelPrice;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.kernel.interaction.StartInteraction;
import dev.feedbackloop.kernel.interaction.Usage;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One trace's interaction. Spans may come in any order, in any number of requests, and more than once (exporters
 * retry): each span id is folded in once, so the same spans give the same record however they arrive.
 * <ul>
 *     <li>Before the root span arrives, spans are held ({@link InteractionSpansHeld}) and nothing is counted.</li>
 *     <li>The root span records the interaction ({@link InteractionRecorded}): latency, error, context and the usage
 *     of every span held so far.</li>
 *     <li>Spans after it amend the usage ({@link InteractionAmended}); a second root span is one of these.</li>
 * </ul>
 * Tokens and cost are those of the model spans; the totals that agent-level spans repeat count only for a trace
 * without model spans that report any. Guardrail triggers of every span count.
 */
@Aggregate
public class Interaction {

    /** More spans than any one interaction needs; beyond it a trace is a loop gone wrong, not an interaction. */
    public static final int MAX_SPANS = 10_000;

    @AggregateIdentifier
    private String stream;
    private TraceId traceId;
    private final Set<String> spanIds = new HashSet<>();
    private final List<InteractionSpan> held = new ArrayList<>();
    private final Map<String, Long> heldCosts = new HashMap<>();
    private boolean recorded;
    private String agentId;
    private String agentVersion;
    private String intentCategory;
    private Instant endedAt;
    private Usage modelSpans = Usage.NONE;
    private Usage agentSpans = Usage.NONE;
    private long guardrailTriggers;

    protected Interaction() {
    }

    /** A new trace: nothing to read first (see {@link StartInteraction}). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public SpanOutcome handle(StartInteraction command) {
        return handle(command.spans());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SpanOutcome handle(RecordInteractionSpans command) {
        List<InteractionSpan> fresh = new ArrayList<>();
        Set<String> inCommand = new HashSet<>();
        for (InteractionSpan span : command.spans()) {
            if (!spanIds.contains(span.spanId()) && inCommand.add(span.spanId())) {
                fresh.add(span);
            }
        }
        int duplicates = command.spans().size() - fresh.size();
        int room = Math.max(0, MAX_SPANS - spanIds.size());
        int overLimit = Math.max(0, fresh.size() - room);
        if (overLimit > 0) {
            fresh = fresh.subList(0, room);
        }
        if (fresh.isEmpty()) {
            return new SpanOutcome(0, duplicates, overLimit);
        }
        Map<String, Long> costs = new LinkedHashMap<>();
        Map<String, ModelPrice> used = new HashMap<>();
        for (InteractionSpan span : fresh) {
            costs.put(span.spanId(), cost(span, command.prices(), used));
        }
        List<String> ids = fresh.stream().map(InteractionSpan::spanId).toList();
        int count = spanIds.size() + fresh.size();
        InteractionSpan root = recorded ? null : fresh.stream().filter(InteractionSpan::root)
                .min(Comparator.comparing(InteractionSpan::startedAt).thenComparing(InteractionSpan::spanId)).orElse(null);
        if (recorded) {
            Usage before = counted();
            Usage[] sums = sums(fresh, costs);
            Usage model = modelSpans.plus(sums[0]);
            Usage agent = agentSpans.plus(sums[1]);
            Usage after = counting(model, agent, guardrailTriggers + sums[2].guardrailTriggers());
            apply(new InteractionAmended(traceId, agentId, agentVersion, intentCategory, endedAt, after.minus(before),
                    after, model, agent, used, ids, count, command.receivedAt()));
        } else if (root == null) {
            apply(new InteractionSpansHeld(command.traceId(), fresh, costs, used, command.receivedAt()));
        } else {
            List<InteractionSpan> all = new ArrayList<>(held);
            all.addAll(fresh);
            Map<String, Long> allCosts = new HashMap<>(heldCosts);
            allCosts.putAll(costs);
            List<String> folded = new ArrayList<>(held.stream().map(InteractionSpan::spanId).toList());
            folded.addAll(ids);
            Usage[] sums = sums(all, allCosts);
            apply(new InteractionRecorded(command.traceId(), root.spanId(), root.name(),
                    context(root, all, InteractionSpan::agentId), context(root, all, InteractionSpan::agentVersion),
                    context(root, all, InteractionSpan::intentCategory), context(root, all, InteractionSpan::userId),
                    context(root, all, InteractionSpan::sessionId), root.startedAt(), root.endedAt(), root.durationMs(),
                    root.error(), root.error() ? root.errorType() : null, model(root, all),
                    counting(sums[0], sums[1], sums[2].guardrailTriggers()), sums[0], sums[1], used, folded, count,
                    command.receivedAt()));
        }
        return new SpanOutcome(fresh.size(), duplicates, overLimit);
    }

    /** The span's own reported cost, else its tokens at its model's price, else nothing (an unpriced model). */
    static long cost(InteractionSpan span, Map<String, ModelPrice> prices, Map<String, ModelPrice> used) {
        if (span.reportedCost() != null) {
            return Math.round(span.reportedCost() * 1_000_000);
        }
        ModelPrice price = span.model() == null ? null : prices.get(span.model());
        if (price == null || !span.reportsTokens()) {
            return 0;
        }
        used.put(span.model(), price);
        return price.costMicros(span.inputTokens(), span.outputTokens());
    }

    private static String context(InteractionSpan root, List<InteractionSpan> spans, Function<InteractionSpan, String> field) {
        String own = field.apply(root);
        if (own != null) {
            return own;
        }
        return spans.stream().sorted(Comparator.comparing(InteractionSpan::startedAt).thenComparing(InteractionSpan::spanId))
                .map(field).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The root's model, else that of the first model span (agent spans last). */
    private static String model(InteractionSpan root, List<InteractionSpan> spans) {
        if (root.model() != null) {
            return root.model();
        }
        return spans.stream().filter(s -> s.model() != null)
                .sorted(Comparator.comparing(InteractionSpan::agentLevel).thenComparing(InteractionSpan::startedAt)
                        .thenComparing(InteractionSpan::spanId))
                .map(InteractionSpan::model).findFirst().orElse(null);
    }

    private Usage counted() {
        return counting(modelSpans, agentSpans, guardrailTriggers);
    }

    private static Usage counting(Usage model, Usage agent, long guardrails) {
        Usage tokens = model.inputTokens() + model.outputTokens() + model.costMicros() > 0 ? model : agent;
        return new Usage(tokens.inputTokens(), tokens.outputTokens(), tokens.costMicros(), guardrails);
    }

    /** Model-span usage, agent-span usage, and (as guardrail triggers) those of every span. */
    private static Usage[] sums(List<InteractionSpan> spans, Map<String, Long> costs) {
        Usage model = Usage.NONE;
        Usage agent = Usage.NONE;
        long guardrails = 0;
        for (InteractionSpan span : spans) {
            Usage own = new Usage(span.inputTokens(), span.outputTokens(), costs.getOrDefault(span.spanId(), 0L), 0);
            if (span.agentLevel()) {
                agent = agent.plus(own);
            } else {
                model = model.plus(own);
            }
            guardrails += span.guardrailTriggers();
        }
        return new Usage[]{model, agent, new Usage(0, 0, 0, guardrails)};
    }

    @EventSourcingHandler
    void on(InteractionSpansHeld event) {
        stream = Streams.interaction(event.traceId());
        traceId = event.traceId();
        held.addAll(event.spans());
        heldCosts.putAll(event.spanCosts());
        event.spans().forEach(s -> spanIds.add(s.spanId()));
    }

    @EventSourcingHandler
    void on(InteractionRecorded event) {
        stream = Streams.interaction(event.traceId());
        traceId = event.traceId();
        recorded = true;
        agentId = event.agentId();
        agentVersion = event.agentVersion();
        intentCategory = event.intentCategory();
        endedAt = event.endedAt();
        spanIds.addAll(event.spanIds());
        held.clear();
        heldCosts.clear();
        modelSpans = event.modelSpanUsage();
        agentSpans = event.agentSpanUsage();
        guardrailTriggers = event.usage().guardrailTriggers();
    }

    @EventSourcingHandler
    void on(InteractionAmended event) {
        spanIds.addAll(event.spanIds());
        modelSpans = event.modelSpanUsage();
        agentSpans = event.agentSpanUsage();
        guardrailTriggers = event.usage().guardrailTriggers();
    }
}
