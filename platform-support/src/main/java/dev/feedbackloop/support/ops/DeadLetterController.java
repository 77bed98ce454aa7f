package dev.feedbackloop.support.ops;

import dev.feedbackloop.support.web.ApiProblem;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The events each projection could not handle, parked in its dead-letter queue while the projection went on: listed,
 * retried (after a fix, a retry replays them through the handler). Their number per projection is the gauge
 * {@code feedbackloop_dead_letters} ({@link dev.feedbackloop.support.meters.PlatformMeters}).
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
public class DeadLetterController {

    static final int MAX_LIMIT = 1_000;

    private final EventProcessingConfiguration processing;

    public DeadLetterController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record GroupSummary(String processingGroup, long sequences, long letters) {
    }

    public record Summary(long total, List<GroupSummary> processingGroups) {
    }

    public record Letter(String eventId, String eventType, Instant eventTimestamp, String sequence, String causeType,
                         String causeMessage, Instant enqueuedAt, Instant lastTouched) {
    }

    public record Letters(String processingGroup, long letters, List<Letter> items, boolean truncated) {
    }

    public record Retried(String processingGroup, int sequencesRetried, long remaining) {
    }

    @GetMapping
    public Mono<Summary> summary() {
        return Mono.fromCallable(() -> {
            List<GroupSummary> groups = queues().entrySet().stream()
                    .map(e -> new GroupSummary(e.getKey(), e.getValue().amountOfSequences(), e.getValue().size()))
                    .toList();
            return new Summary(groups.stream().mapToLong(GroupSummary::letters).sum(), groups);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{processingGroup}")
    public Mono<Letters> letters(@PathVariable String processingGroup,
                                 @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "range", "must be between 1 and " + MAX_LIMIT);
        }
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processingGroup);
        return Mono.fromCallable(() -> {
            List<Letter> items = new ArrayList<>();
            boolean truncated = false;
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (items.size() == limit) {
                        truncated = true;
                        break;
                    }
                    items.add(toLetter(letter));
                }
                if (truncated) {
                    break;
                }
            }
            return new Letters(processingGroup, queue.size(), items, truncated);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Replays every parked sequence through the projection's handler once; what fails again stays parked. */
    @PostMapping("/{processingGroup}/retry")
    public Mono<Retried> retry(@PathVariable String processingGroup) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processingGroup);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> ApiProblem.notFound("No dead-letter processor for '" + processingGroup + "'"));
        return Mono.fromCallable(() -> {
            long sequences = queue.amountOfSequences();
            int retried = 0;
            for (long i = 0; i < sequences; i++) {
                if (processor.processAny()) {
                    retried++;
                }
            }
            return new Retried(processingGroup, retried, queue.size());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues() {
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new TreeMap<>();
        processing.eventProcessors().values().forEach(p ->
                processing.deadLetterQueue(p.getName()).ifPresent(q -> queues.put(p.getName(), q)));
        return queues;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(processingGroup);
        return queue.orElseThrow(() -> ApiProblem.notFound("No projection '" + processingGroup
                + "' with a dead-letter queue runs in this process"));
    }

    private static Letter toLetter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        var cause = letter.cause();
        String sequence = letter instanceof org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter<?> jdbc
                ? jdbc.getSequenceIdentifier() : null;
        return new Letter(message.getIdentifier(), message.getPayloadType().getName(), message.getTimestamp(), sequence,
                cause.map(c -> c.type()).orElse(null), cause.map(c -> c.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }
}
