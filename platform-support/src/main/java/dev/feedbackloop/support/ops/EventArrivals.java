package dev.feedbackloop.support.ops;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes idle event processors when events arrive. Axon's pooled processor that has caught up asks its stream to call
 * it back when events are available; the embedded event store's streams cannot, so the processor looked again every
 * 500 ms, and on an idle platform a feedback read back from its view 250-300 ms after the write's answer. Here one
 * thread follows the head of the store and, when events arrive, calls back each processor waiting: at once if it was
 * last called {@link #INTERVAL} ago or longer, else when that much has passed (40-140 ms after the answer, idle).
 * <p>
 * Under load a processor is thus called as often as it looked before, and its batches gather as many events. Woken at
 * every event, or every 100 ms, each ran once per event or few: at 100 feedback/s the platform took 9-14 % more CPU,
 * answered POSTs in 40-77 ms instead of 8-21 (p50), and its read models fell further behind.
 * <p>
 * It sees what the processors see: writes of this instance at once, and those of other instances sharing the store
 * when the event store fetches them. A processor not called back (this thread failing) still looks by itself every
 * token claim interval (5 s).
 */
public final class EventArrivals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventArrivals.class);
    /** How long the thread waits for an arrival when no processor is due to be woken. */
    static final Duration WAIT = Duration.ofSeconds(1);
    /** The least time between two calls of one processor, as often as it looked by itself. */
    static final Duration INTERVAL = Duration.ofMillis(500);
    /** Arrivals taken in one go before the processors are called: a burst calls them once, a long one now and then. */
    static final int MOST_PER_CALL = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** A callback's registration; closing it stops the calls. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final class Waiting implements Registration {
        final Runnable callback;
        long calledAt = System.nanoTime() - interval.toNanos();
        /** Events arrived since it was last called. */
        boolean due;

        Waiting(Runnable callback) {
            this.callback = callback;
        }

        @Override
        public void close() {
            waiting.remove(this);
        }
    }

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final Duration interval;
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread thread;

    public EventArrivals(StreamableMessageSource<TrackedEventMessage<?>> store) {
        this(store, INTERVAL);
    }

    EventArrivals(StreamableMessageSource<TrackedEventMessage<?>> store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    /**
     * Calls {@code callback} when events arrive, at most every {@link #INTERVAL}, until the returned registration is
     * closed.
     */
    public Registration onArrival(Runnable callback) {
        Waiting registration = new Waiting(callback);
        waiting.add(registration);
        if (!closed && started.compareAndSet(false, true)) {
            Thread watcher = BackgroundThreads.factory("event-arrivals").newThread(this::follow);
            watcher.setDaemon(true);
            thread = watcher;
            watcher.start();
        }
        return registration;
    }

    private void follow() {
        BlockingStream<TrackedEventMessage<?>> stream = null;
        while (!closed) {
            try {
                if (stream == null) {
                    stream = store.openStream(store.createHeadToken());
                }
                boolean arrived = stream.hasNextAvailable((int) untilNextDue().toMillis(), TimeUnit.MILLISECONDS);
                for (int taken = 0; arrived && taken < MOST_PER_CALL && stream.hasNextAvailable(); taken++) {
                    stream.nextAvailable();
                }
                call(arrived);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                log.warn("Cannot follow the event store to wake idle event processors ({}); they look every few"
                        + " seconds by themselves until this recovers", e.toString());
                close(stream);
                stream = null;
                call(true);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close(stream);
    }

    /** Until a processor is due to be called, or {@link #WAIT} when none is (at least 1 ms). */
    private Duration untilNextDue() {
        long now = System.nanoTime();
        long wait = WAIT.toNanos();
        for (Waiting w : waiting) {
            if (w.due) {
                wait = Math.min(wait, w.calledAt + interval.toNanos() - now);
            }
        }
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait));
    }

    /** Marks everyone due when events arrived, and calls those due whose interval has passed. */
    private void call(boolean arrived) {
        long now = System.nanoTime();
        for (Waiting w : waiting) {
            w.due |= arrived;
            if (w.due && now - w.calledAt >= interval.toNanos()) {
                w.due = false;
                w.calledAt = now;
                try {
                    w.callback.run();
                } catch (RuntimeException e) {
                    log.debug("An event processor's arrival callback failed", e);
                }
            }
        }
    }

    private static void close(BlockingStream<?> stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                log.debug("Closing the arrivals stream failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        waiting.clear();
        Thread watcher = thread;
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
