package dev.feedbackloop.feedback.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Group commit: items that arrive while a transaction is in flight queue up, and each writer thread stores whatever
 * is queued (up to {@code maxGroup}) in one transaction through {@code storeAll}. Nobody waits for a timer: under
 * light load a group is one item, under heavy load one commit serves hundreds. Each caller is answered once the
 * commit holding its item is done. When the group fails as a whole, each item is stored alone through
 * {@code storeOne}, so one bad item or a passing conflict is answered for that item only. A full queue refuses at
 * once ({@link RejectedExecutionException}): the platform sheds load instead of accepting what it cannot store.
 */
public final class GroupCommit<T, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final Function<List<T>, List<R>> storeAll;
    private final Function<T, R> storeOne;
    private final BlockingQueue<Pending<T, R>> queue;
    private final int maxGroup;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    private final LongAdder storedTogether = new LongAdder();
    private final LongAdder storedOneByOne = new LongAdder();

    /** {@code storeAll} answers in the order of its items, or throws having stored none of them. */
    public GroupCommit(String name, int writerThreads, int capacity, int maxGroup, Function<List<T>, List<R>> storeAll,
                       Function<T, R> storeOne) {
        this(writerThreads, capacity, maxGroup, storeAll, storeOne, new NamedThreads(name));
    }

    /** Writers made by {@code threads} (say, at a lower priority for work nobody waits for). */
    public GroupCommit(int writerThreads, int capacity, int maxGroup, Function<List<T>, List<R>> storeAll,
                       Function<T, R> storeOne, ThreadFactory threads) {
        this.storeAll = storeAll;
        this.storeOne = storeOne;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxGroup = maxGroup;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = threads.newThread(this::writeGroups);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private final String name;
        private int next;

        NamedThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, name + "-" + next++);
        }
    }

    /** Completes once the item is stored; fails at once when the queue is full. */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending<>(item, result))) {
            result.completeExceptionally(new RejectedExecutionException("the ingestion queue is full"));
        }
        return result;
    }

    /**
     * Queues all the items or, when they do not all fit, none (as far as a concurrent caller lets that be known):
     * a request is then refused whole rather than half taken.
     */
    public List<CompletableFuture<R>> submitAll(List<T> items) {
        if (!running || queue.remainingCapacity() < items.size()) {
            CompletableFuture<R> refused = CompletableFuture.failedFuture(
                    new RejectedExecutionException("the ingestion queue is full"));
            return items.stream().map(i -> refused).toList();
        }
        return items.stream().map(this::submit).toList();
    }

    /** Items waiting for a writer: the queue depth an operator watches before it fills (and requests get 503). */
    public int queued() {
        return queue.size();
    }

    /** Groups stored whole by {@code storeAll}. */
    public long groupsStoredTogether() {
        return storedTogether.sum();
    }

    /**
     * Groups that failed as a whole and were stored item by item: a conflict with another writer or instance, a bad
     * item, a store fault. Rare when all is well; each one costs a transaction per item.
     */
    public long groupsStoredOneByOne() {
        return storedOneByOne.sum();
    }

    /** The most items the queue holds. */
    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    private void writeGroups() {
        List<Pending<T, R>> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                store(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void store(List<Pending<T, R>> group) {
        try {
            List<R> outcomes = storeAll.apply(group.stream().map(Pending::item).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(outcomes.get(i));
            }
            storedTogether.increment();
        } catch (RuntimeException groupFailed) {
            storedOneByOne.increment();
            for (Pending<T, R> pending : group) {
                if (pending.result().isDone()) {
                    continue;
                }
                try {
                    pending.result().complete(storeOne.apply(pending.item()));
                } catch (RuntimeException e) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    /** Stops taking items, stores what is queued (waiting up to ten seconds per writer) and refuses the rest. */
    public void close() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        Pending<T, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new RejectedExecutionException("the platform is shutting down"));
        }
        log.debug("Group commit stopped");
    }
}
