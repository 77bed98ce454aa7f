package dev.feedbackloop.support.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lets the processors that read the store on streams of their own (catching up after a restart, replaying after a
 * reset) share what they read. A full rebuild resets every read model at once, and each processor then read the whole
 * store on its own stream: on a store of a million events 25 processors queried, parsed and opened every event 25
 * times, and those reads took half the CPU of the rebuild.
 * <p>
 * A stream here reads the store in chunks, each keyed by the token it starts after and ending at the next multiple of
 * the chunk size, so that processors starting from different places soon ask for the same chunks. A processor asking
 * for a chunk another one has read gets the same events, the same message objects, so a payload one of them opened is
 * open for all; one asking for a chunk being read waits for that read instead of querying the store again.
 * <p>
 * A chunk whose tokens (and the one it starts after) hold no gaps cannot change: every position up to its last event
 * was taken by a committed event when it was read, so a later read from the same token returns the same events first,
 * and a reader takes them and goes on reading from the last one's token. Such a chunk is kept until
 * {@link #KEPT_CHUNKS} newer ones push it out, or until no reader has asked for a chunk for {@link #IDLE_CHUNK_LIFE}
 * (the store's producer calls {@link #dropWhenIdle} each time it opens its stream). A chunk with a gap (a position
 * whose transaction had not committed, or a hole a rolled-back insert left, which tokens carry for the next 10,000
 * positions) is handed out for {@link #GAPPED_CHUNK_LIFE} only. Its tokens name the gap, so a reader that took it
 * asks the store for the gap again on its next read of its own, like the processor that read it first; what the short
 * life bounds is how far a reader may run on chunks read before a late commit, so that it stays as close to the store
 * as that first reader.
 */
final class SharedCatchUpReads {

    /** The most chunks kept at once: with chunks of 100 events, as many events as the producer's cache holds. */
    static final int KEPT_CHUNKS = 100;

    /** How long a chunk holding a gap is handed to other readers after it was read. */
    static final Duration GAPPED_CHUNK_LIFE = Duration.ofSeconds(1);

    /**
     * How long the kept chunks outlive the last read of any of them. They serve processors that read on streams of
     * their own; once every processor is back on the producer's stream nobody asks for them, and 100 chunks of opened
     * events (40 MB and more) stayed in the heap until the next catch-up.
     */
    static final Duration IDLE_CHUNK_LIFE = Duration.ofSeconds(10);

    private static final Object FROM_THE_START = new Object();

    private final Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> store;
    private final int chunkSize;
    private final LongSupplier nanoTime;
    private volatile long lastAskedNanos;
    private final Map<Object, FutureTask<Chunk>> chunks = new LinkedHashMap<>(2 * KEPT_CHUNKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, FutureTask<Chunk>> eldest) {
            return size() > KEPT_CHUNKS;
        }
    };

    /**
     * @param store     opens the store's own catch-up stream after a token (null: from the start)
     * @param chunkSize the store's read batch, so that a chunk is one query
     */
    SharedCatchUpReads(Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> store, int chunkSize) {
        this(store, chunkSize, System::nanoTime);
    }

    SharedCatchUpReads(Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> store, int chunkSize,
                       LongSupplier nanoTime) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        this.store = store;
        this.chunkSize = chunkSize;
        this.nanoTime = nanoTime;
    }

    /** The events after {@code start}, as the store's own stream returns them, read in shared chunks. */
    Stream<TrackedEventMessage<?>> readAfter(TrackingToken start) {
        if (start != null && !(start instanceof GapAwareTrackingToken) && !(start instanceof GlobalSequenceTrackingToken)) {
            return store.apply(start).map(event -> (TrackedEventMessage<?>) event);
        }
        Iterator<TrackedEventMessage<?>> events = new Iterator<>() {
            private TrackingToken last = start;
            private Iterator<TrackedEventMessage<?>> chunk = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (!chunk.hasNext()) {
                    // like the store's own stream, an exhausted stream asks again each time: events may have arrived
                    chunk = chunkAfter(last).iterator();
                }
                return chunk.hasNext();
            }

            @Override
            public TrackedEventMessage<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TrackedEventMessage<?> event = chunk.next();
                last = event.trackingToken();
                return event;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The number of chunks kept for later readers right now. */
    int keptChunks() {
        synchronized (chunks) {
            return chunks.size();
        }
    }

    /** Drops every kept chunk when no reader has asked for one for {@link #IDLE_CHUNK_LIFE}. */
    void dropWhenIdle() {
        if (nanoTime.getAsLong() - lastAskedNanos > IDLE_CHUNK_LIFE.toNanos()) {
            synchronized (chunks) {
                chunks.clear();
            }
        }
    }

    private List<TrackedEventMessage<?>> chunkAfter(TrackingToken start) {
        lastAskedNanos = nanoTime.getAsLong();
        Object key = start == null ? FROM_THE_START : start;
        FutureTask<Chunk> read;
        boolean ours = false;
        synchronized (chunks) {
            read = chunks.get(key);
            if (read != null && read.isDone() && expired(read)) {
                chunks.remove(key);
                read = null;
            }
            if (read == null) {
                read = new FutureTask<>(() -> read(start));
                chunks.put(key, read);
                ours = true;
            }
        }
        if (ours) {
            read.run();
        }
        try {
            Chunk chunk = read.get();
            if (chunk.events().isEmpty()) {
                forget(key, read); // nothing after this token yet: the next reader asks the store itself
            }
            return chunk.events();
        } catch (ExecutionException failed) {
            forget(key, read);
            if (!ours) {
                return read(start).events(); // the reader we waited for failed (it may have been stopped): read ourselves
            }
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new EventStoreException("Failed to read the events after " + start, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("Interrupted while waiting for the events after " + start, interrupted);
        }
    }

    private boolean expired(FutureTask<Chunk> read) {
        try {
            Chunk chunk = read.get();
            return !chunk.settled() && nanoTime.getAsLong() - chunk.readAtNanos() > GAPPED_CHUNK_LIFE.toNanos();
        } catch (ExecutionException | InterruptedException | RuntimeException failed) {
            return true; // a failed read is not handed out again (its reader removes it too)
        }
    }

    private void forget(Object key, FutureTask<Chunk> read) {
        synchronized (chunks) {
            chunks.remove(key, read);
        }
    }

    private Chunk read(TrackingToken start) {
        long end = Math.floorDiv(position(start), chunkSize) * chunkSize + chunkSize;
        List<TrackedEventMessage<?>> events = new ArrayList<>(chunkSize);
        try (Stream<? extends TrackedEventMessage<?>> stream = store.apply(start)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                long position = position(event.trackingToken());
                if (!events.isEmpty() && position > end) {
                    break; // read again by the next chunk, which starts after the last one taken
                }
                events.add(event);
                if (position >= end) {
                    break;
                }
            }
        }
        boolean settled = withoutGaps(start) && events.stream().allMatch(event -> withoutGaps(event.trackingToken()));
        return new Chunk(List.copyOf(events), settled, nanoTime.getAsLong());
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return 0; // stores count from 1 (JDBC) or 0 (in memory): either way the first chunk ends at the chunk size
        }
        return token.position().orElse(Long.MAX_VALUE);
    }

    /** Whether no position below this token may still be filled by a late commit. */
    private static boolean withoutGaps(TrackingToken token) {
        return token == null
                || token instanceof GlobalSequenceTrackingToken
                || token instanceof GapAwareTrackingToken gapAware && gapAware.getGaps().isEmpty();
    }

    private record Chunk(List<TrackedEventMessage<?>> events, boolean settled, long readAtNanos) {
    }
}
