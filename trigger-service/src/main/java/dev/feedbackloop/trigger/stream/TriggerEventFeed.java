package dev.feedbackloop.trigger.stream;

import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.trigger.TriggerEvent;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.trigger.webhook.EventEnvelope;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trigger-side events by their position in the event store (the tracking token's global index).
 *
 * <p>Reading after position {@code n} starts from a gap-aware token at {@code n} with no gaps, so it answers every
 * event stored above {@code n}, in store order. The limit, inherited from Axon's gap-aware tokens: an event whose
 * transaction committed after a higher-numbered event had already been read is delivered to a stream that is
 * open (the stream's own token keeps the gap and fills it), but a client that resumes after a position above it
 * will not see it. With the embedded H2 store and one writer per service such late commits are rare; a client
 * that cannot afford to miss one can re-read a short window below its last position and drop the ids it has.
 */
@Component
public class TriggerEventFeed implements SmartLifecycle {

    /** How many events one page may scan past without finding a trigger-side one before it answers. */
    static final int MAX_SCAN = 10_000;

    private final EventStore eventStore;
    private final EventStorageEngine storage;
    private final Duration heartbeat;
    private final Set<FluxSink<ServerSentEvent<String>>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public TriggerEventFeed(EventStore eventStore, EventStorageEngine storage,
                            @Value("${platform.triggers.stream.heartbeat:15s}") Duration heartbeat) {
        this.eventStore = eventStore;
        this.storage = storage;
        this.heartbeat = heartbeat;
    }

    /** One trigger-side event: its dotted type, in the CloudEvents envelope webhooks get. */
    public record Entry(long position, String id, String type, String envelope) {
    }

    /** A page of events after a position, and the position to ask after next. */
    public record Page(List<Entry> events, long nextAfter) {
    }

    static boolean isTriggerSide(Class<?> type) {
        return TriggerEvent.class.isAssignableFrom(type) || type == TriggerConditionMet.class
                || type == TriggerConditionCleared.class || type == FailureClusterDiscovered.class;
    }

    /** Where reading after {@code after} starts: null for the beginning (after -1). */
    static TrackingToken after(long after) {
        return after < 0 ? null : GapAwareTrackingToken.newInstance(after, List.of());
    }

    static Optional<Entry> entry(TrackedEventMessage<?> message) {
        if (!isTriggerSide(message.getPayloadType())) {
            return Optional.empty();
        }
        long position = message.trackingToken().position().orElse(-1L);
        String type = WebhookEventTypes.ofClass(message.getPayloadType());
        return Optional.of(new Entry(position, message.getIdentifier(), type,
                EventEnvelope.json(message.getPayload(), message.getIdentifier(), message.getTimestamp())));
    }

    /** Up to {@code limit} events after {@code after}, read from the store without waiting for new ones. */
    public Page page(long after, int limit) {
        List<Entry> events = new ArrayList<>();
        long next = after;
        int scanned = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(after(after), false)) {
            Iterator<? extends TrackedEventMessage<?>> messages = stream.iterator();
            while (events.size() < limit && scanned < MAX_SCAN && messages.hasNext()) {
                TrackedEventMessage<?> message = messages.next();
                scanned++;
                next = Math.max(next, message.trackingToken().position().orElse(next));
                entry(message).ifPresent(events::add);
            }
        }
        return new Page(events, next);
    }

    /**
     * The events after {@code after} and then every new one as it is stored, as Server-Sent Events, with a comment
     * every heartbeat period so proxies keep the connection. Reads on a bounded-elastic thread only while the
     * client asks for more, and closes the store's stream when the client goes away.
     */
    public Flux<ServerSentEvent<String>> live(long after) {
        return Flux.<ServerSentEvent<String>>create(sink -> {
            open.add(sink);
            if (!running) {
                // stopping: the client resumes from its Last-Event-ID on another instance or after the restart
                open.remove(sink);
                sink.complete();
                return;
            }
            BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(after(after));
            Schedulers.boundedElastic().schedule(() -> follow(stream, sink));
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private void follow(BlockingStream<TrackedEventMessage<?>> stream, FluxSink<ServerSentEvent<String>> sink) {
        long lastSent = System.nanoTime();
        try (stream) {
            while (!sink.isCancelled() && open.contains(sink)) {
                if (System.nanoTime() - lastSent >= heartbeat.toNanos()) {
                    sink.next(ServerSentEvent.<String>builder().comment("heartbeat").build());
                    lastSent = System.nanoTime();
                }
                if (sink.requestedFromDownstream() <= 0) {
                    Thread.sleep(20);
                    continue;
                }
                if (stream.hasNextAvailable(250, TimeUnit.MILLISECONDS)) {
                    Optional<Entry> entry = entry(stream.nextAvailable());
                    if (entry.isPresent()) {
                        Entry e = entry.get();
                        sink.next(ServerSentEvent.<String>builder().id(Long.toString(e.position())).event(e.type())
                                .data(e.envelope()).build());
                        lastSent = System.nanoTime();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.complete();
        } catch (RuntimeException e) {
            sink.error(e);
        } finally {
            open.remove(sink);
        }
    }

    /** Open streams follow the store from start-up on. */
    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown (a later phase) waits for requests to finish:
     * a stream never finishes on its own, and each one kept a stop waiting for the whole shutdown timeout. Clients
     * reconnect with Last-Event-ID and lose nothing.
     */
    @Override
    public void stop() {
        running = false;
        for (FluxSink<ServerSentEvent<String>> sink : List.copyOf(open)) {
            open.remove(sink);
            sink.complete();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
