package dev.feedbackloop.support.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Processors reading the store on streams of their own (a rebuild resets them all at once) share their reads: one
 * query per chunk for all of them, the same messages, and never fewer events than each would have read itself.
 */
class SharedCatchUpReadsTest {

    private static final int CHUNK = 100;

    /** A store of events at positions 1..n whose reads are counted; a position listed as a gap is not written yet. */
    static final class Store {
        final List<Long> positions = new ArrayList<>();
        final Set<Long> gaps;
        final AtomicInteger queries = new AtomicInteger();
        volatile RuntimeException failNext;
        volatile CountDownLatch holdReads;

        Store(int events, Set<Long> gaps) {
            this.gaps = gaps;
            for (long p = 1; p <= events; p++) {
                positions.add(p);
            }
        }

        /** Like a JDBC store: positions after the token's index (and its gaps), gaps carried in the tokens. */
        Stream<? extends TrackedEventMessage<?>> read(TrackingToken after) {
            queries.incrementAndGet();
            RuntimeException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
            await(holdReads);
            GapAwareTrackingToken start = (GapAwareTrackingToken) after;
            List<TrackedEventMessage<?>> events = new ArrayList<>();
            GapAwareTrackingToken token = start;
            for (long p : positions) {
                boolean wanted = start == null || p > start.getIndex() || start.getGaps().contains(p);
                if (!wanted || gaps.contains(p)) {
                    continue;
                }
                // as Axon's JDBC store: every position skipped on the way becomes a gap of the token
                token = token == null
                        ? GapAwareTrackingToken.newInstance(p, LongStream.range(1, p).boxed().collect(Collectors.toCollection(TreeSet::new)))
                        : token.advanceTo(p, 10_000);
                events.add(new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage("event " + p)));
            }
            return events.stream();
        }
    }

    @Test
    void readersStartingTogetherShareOneQueryPerChunkAndTheSameMessages() {
        Store store = new Store(1_000, Set.of());
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK);

        List<TrackedEventMessage<?>> first = reads.readAfter(null).limit(1_000).toList();
        int queriesOfTheFirst = store.queries.get();
        List<TrackedEventMessage<?>> second = reads.readAfter(null).limit(1_000).toList();

        assertThat(payloads(first)).first().isEqualTo("event 1");
        assertThat(payloads(first)).last().isEqualTo("event 1000");
        assertThat(queriesOfTheFirst).isEqualTo(10);
        assertThat(store.queries.get()).as("the second reader found every chunk read").isEqualTo(10);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isSameAs(first.get(i));
        }
    }

    @Test
    void aReaderStartingElsewhereReadsToTheNextBoundaryThenSharesTheChunksOfOthers() {
        Store store = new Store(1_000, Set.of());
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK);
        List<TrackedEventMessage<?>> fromTheStart = reads.readAfter(null).limit(1_000).toList();
        TrackingToken at150 = fromTheStart.get(149).trackingToken();
        int before = store.queries.get();

        List<TrackedEventMessage<?>> from150 = reads.readAfter(at150).limit(850).toList();

        assertThat(payloads(from150)).first().isEqualTo("event 151");
        assertThat(from150.stream().map(e -> (Object) e.trackingToken()).toList())
                .containsExactlyElementsOf(fromTheStart.subList(150, 1_000).stream().map(e -> (Object) e.trackingToken()).toList());
        assertThat(store.queries.get() - before).as("only 151..200 read again").isEqualTo(1);
        assertThat(from150.get(50)).as("event 201 onwards from the shared chunks").isSameAs(fromTheStart.get(200));
    }

    @Test
    void theStreamAsksAgainAfterTheLastEventLikeTheStoresOwnStream() {
        Store store = new Store(150, Set.of());
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK);
        var events = reads.readAfter(null).iterator();
        for (int i = 0; i < 150; i++) {
            events.next();
        }
        assertThat(events.hasNext()).isFalse();

        store.positions.add(151L);

        assertThat(events.hasNext()).isTrue();
        assertThat(events.next().getPayload()).isEqualTo("event 151");
    }

    @Test
    void aChunkWithAGapIsHandedOutForASecondOnlyAndTheGapIsReadOnceCommitted() {
        Store store = new Store(300, new HashSet<>(Set.of(120L)));
        AtomicLong now = new AtomicLong();
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK, now::get);
        List<TrackedEventMessage<?>> first = reads.readAfter(null).limit(299).toList();
        assertThat(payloads(first)).doesNotContain("event 120");

        store.gaps.remove(120L); // the late transaction commits
        int before = store.queries.get();
        List<Object> soon = payloads(reads.readAfter(null).limit(300).toList());
        assertThat(store.queries.get() - before).as("chunks read before the commit, still fresh, and one read after")
                .isEqualTo(1);
        assertThat(soon).as("the gap in the shared tokens is read by the next read of its own").contains("event 120")
                .hasSize(300);

        now.addAndGet(SharedCatchUpReads.GAPPED_CHUNK_LIFE.toNanos() + 1);
        List<Object> later = payloads(reads.readAfter(null).limit(300).toList());
        assertThat(later).as("read again, in order").element(119).isEqualTo("event 120");
    }

    @Test
    void aSettledChunkIsKeptUntilNewerOnesPushItOut() {
        Store store = new Store(20_000, Set.of());
        AtomicLong now = new AtomicLong();
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK, now::get);
        reads.readAfter(null).limit(200).toList();
        now.addAndGet(SharedCatchUpReads.GAPPED_CHUNK_LIFE.toNanos() * 100);
        int before = store.queries.get();
        reads.readAfter(null).limit(200).toList();
        assertThat(store.queries.get()).isEqualTo(before);

        reads.readAfter(null).limit(20_000).toList();
        assertThat(reads.keptChunks()).isEqualTo(SharedCatchUpReads.KEPT_CHUNKS);
        before = store.queries.get();
        reads.readAfter(null).limit(100).toList();
        assertThat(store.queries.get() - before).as("the first chunk was pushed out").isEqualTo(1);
    }

    @Test
    void keptChunksAreDroppedOnceNoReaderHasAskedForOneForAWhile() {
        Store store = new Store(1_000, Set.of());
        AtomicLong now = new AtomicLong();
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK, now::get);
        reads.readAfter(null).limit(500).toList();
        int kept = reads.keptChunks();
        assertThat(kept).isGreaterThanOrEqualTo(5);

        now.addAndGet(SharedCatchUpReads.IDLE_CHUNK_LIFE.toNanos());
        reads.dropWhenIdle();
        assertThat(reads.keptChunks()).as("asked for within the idle life").isEqualTo(kept);
        reads.readAfter(null).limit(100).toList();
        now.addAndGet(SharedCatchUpReads.IDLE_CHUNK_LIFE.toNanos());
        reads.dropWhenIdle();
        assertThat(reads.keptChunks()).as("a reader asked again, so the life starts anew").isEqualTo(kept);

        now.addAndGet(1);
        reads.dropWhenIdle();
        assertThat(reads.keptChunks()).isZero();
        int before = store.queries.get();
        reads.readAfter(null).limit(100).toList();
        assertThat(store.queries.get() - before).as("a later reader reads the store again").isEqualTo(1);
    }

    @Test
    void aFailedReadIsNotHandedOutAndTheNextReaderReadsItself() {
        Store store = new Store(200, Set.of());
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK);
        store.failNext = new IllegalStateException("connection refused");

        assertThatThrownBy(() -> reads.readAfter(null).limit(200).toList()).hasMessage("connection refused");
        assertThat(reads.readAfter(null).limit(200).toList()).hasSize(200);
    }

    @Test
    void readersAskingForAChunkBeingReadWaitForThatRead() throws Exception {
        Store store = new Store(100, Set.of());
        SharedCatchUpReads reads = new SharedCatchUpReads(store::read, CHUNK);
        store.holdReads = new CountDownLatch(1);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<TrackedEventMessage<?>>>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(readers.submit(() -> reads.readAfter(null).limit(100).toList()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.queries.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // the other three reach the chunk being read
            store.holdReads.countDown();
            List<TrackedEventMessage<?>> first = all.get(0).get(10, TimeUnit.SECONDS);
            for (Future<List<TrackedEventMessage<?>>> other : all) {
                assertThat(other.get(10, TimeUnit.SECONDS).get(99)).isSameAs(first.get(99));
            }
            assertThat(store.queries.get()).isEqualTo(1);
        } finally {
            readers.shutdownNow();
        }
    }

    private static List<Object> payloads(List<TrackedEventMessage<?>> events) {
        return events.stream().map(e -> (Object) e.getPayload()).toList();
    }

    private static void await(CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
