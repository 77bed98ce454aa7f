package dev.feedbackloop.feedback.otlp;

import dev.feedbackloop.feedback.interaction.InteractionIngestion;
import dev.feedbackloop.feedback.interaction.SpanOutcome;
import dev.feedbackloop.feedback.privacy.LateDataErasure;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.support.ops.BackgroundThreads;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.axonframework.common.IdentifierFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns spooled OTLP exports into interactions, in the background: claims free rows of the {@link ExportSpool}
 * (oldest first, a few exports in flight at a time), stores their traces through the interaction writers'
 * background queue and deletes each row once all its traces are stored. Storing is idempotent (a span stored twice
 * is recognised), so a row taken again after a crash, or by a second instance after a lease ran out, changes nothing
 * twice. An export this instance took in is stored from the commands it already mapped; one read back from the table
 * (after a restart, or another instance's) is decoded and mapped again with the time it was received.
 * <p>
 * Leases are kept in wall-clock time ({@code leaseClock}), whatever clock the platform's domain runs on: they are
 * compared between instances. A failed export is freed again after a growing delay (1 s doubling up to a minute); after
 * {@link OtlpSettings.Spool#maxAttempts()} claims it stays in the table, counted as stuck and logged, for an operator.
 * <p>
 * A user erased while their export waited here is left out of its traces, and erased again if the erasure came while
 * they were being stored ({@link LateDataErasure}), before the row is deleted.
 */
public final class SpoolDrain implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SpoolDrain.class);
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final Duration COUNT_EVERY = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final int CACHED_EXPORTS = 64;

    private record Mapped(Instant spooledAt, List<RecordInteractionSpans> commands) {
    }

    private final ExportSpool spool;
    private final SpanMapper mapper;
    private final InteractionIngestion ingestion;
    private final LateDataErasure lateErasure;
    private final Clock leaseClock;
    private final OtlpSettings.Spool settings;
    private final Map<String, Mapped> mappedHere = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final Object signal = new Object();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong stuck = new AtomicLong();
    private final LongAdder overLimit = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final Thread drain;
    private volatile boolean running = true;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean woken;

    SpoolDrain(ExportSpool spool, SpanMapper mapper, InteractionIngestion ingestion, LateDataErasure lateErasure,
               Clock leaseClock, OtlpSettings.Spool settings) {
        this.spool = spool;
        this.lateErasure = lateErasure;
        this.mapper = mapper;
        this.ingestion = ingestion;
        this.leaseClock = leaseClock;
        this.settings = settings;
        this.slots = new Semaphore(settings.inFlight());
        this.drain = BackgroundThreads.factory("otlp-spool-drain").newThread(this::run);
        this.drain.setDaemon(true);
    }

    /** Starts draining once every bean is ready (the spool's table is created by then). */
    @Override
    public void start() {
        if (drain.getState() == Thread.State.NEW) {
            drain.start();
        }
    }

    /**
     * Draining stops once the web server has stopped taking exports and before Axon unsubscribes its command handlers
     * (see {@link #getPhase()}): drained after that, every export in flight failed with "no handler" and had an
     * attempt counted against it at each stop. What is still in the spool is drained after the next start.
     */
    @Override
    public void stop() {
        stopDraining();
    }

    /**
     * Stopped after the web server's graceful shutdown and its stop ({@code DEFAULT_PHASE - 2048}) and just before
     * Axon's configuration ({@link SpringAxonConfiguration#LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 3072}), which
     * stops its processors and unsubscribes its command handlers.
     */
    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }

    @Override
    public boolean isRunning() {
        return drain.isAlive();
    }

    /**
     * Stores an export (its protobuf encoding) in the spool and hands its commands to the drain: once this returns,
     * the export is durable and will be stored as interactions. Refused ({@link RejectedExecutionException}) when
     * {@link OtlpSettings.Spool#maxWaiting()} exports are already waiting.
     */
    void accept(byte[] protobuf, Instant receivedAt, List<RecordInteractionSpans> commands, int spans) {
        if (!running || waiting.get() >= settings.maxWaiting()) {
            throw new RejectedExecutionException("the OTLP spool holds " + waiting.get()
                    + " exports waiting to be stored");
        }
        String id = IdentifierFactory.getInstance().generateIdentifier();
        if (mappedHere.size() < CACHED_EXPORTS) {
            mappedHere.put(id, new Mapped(leaseClock.instant(), commands));
        }
        try {
            spool.append(id, receivedAt, spans, protobuf);
        } catch (RuntimeException e) {
            mappedHere.remove(id);
            throw e;
        }
        waiting.incrementAndGet();
        wake();
    }

    /** Exports in the spool not yet stored as interactions (refreshed every second, counted between). */
    public long waiting() {
        return waiting.get();
    }

    /** Exports claimed {@link OtlpSettings.Spool#maxAttempts()} times without being stored. */
    public long stuck() {
        return stuck.get();
    }

    /** Spans the drain could not add because their trace already held as many as it may. */
    public long spansOverLimit() {
        return overLimit.sum();
    }

    /** Exports the drain stored as interactions and removed from the spool. */
    public long exportsStored() {
        return stored.sum();
    }

    private void wake() {
        woken = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        long counted = System.nanoTime() - COUNT_EVERY.toNanos();
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                if (!backoff.isZero()) {
                    pause(backoff);
                }
                Instant now = leaseClock.instant();
                if (System.nanoTime() - counted >= COUNT_EVERY.toNanos()) {
                    ExportSpool.Counts counts = spool.counts(settings.maxAttempts());
                    waiting.set(counts.waiting());
                    if (counts.stuck() > stuck.getAndSet(counts.stuck())) {
                        log.warn("{} OTLP exports in otlp_export_spool failed {} times and are no longer retried",
                                counts.stuck(), settings.maxAttempts());
                    }
                    counted = System.nanoTime();
                    forgetMappedBefore(now.minus(settings.lease().multipliedBy(2)));
                }
                woken = false;
                int free = slots.availablePermits();
                List<ExportSpool.Spooled> claimed = free == 0 ? List.of()
                        : spool.claim(IdentifierFactory.getInstance().generateIdentifier(), now, settings.lease(), free,
                        settings.maxAttempts());
                for (ExportSpool.Spooled export : claimed) {
                    slots.acquire();
                    store(export);
                }
                backoff = Duration.ZERO;
                if (claimed.isEmpty()) {
                    idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoff = backoff.isZero() ? Duration.ofSeconds(1) : min(backoff.multipliedBy(2), MAX_BACKOFF);
                log.warn("The OTLP spool cannot be read ({}); trying again in {} s", e.toString(), backoff.toSeconds());
            }
        }
    }

    /** Commands mapped here for exports another instance stored (or that wait long): read back when claimed. */
    private void forgetMappedBefore(Instant cutoff) {
        mappedHere.values().removeIf(m -> m.spooledAt().isBefore(cutoff));
    }

    private void idle() throws InterruptedException {
        synchronized (signal) {
            if (!woken && running && (slots.availablePermits() > 0)) {
                signal.wait(IDLE_POLL.toMillis());
            }
        }
        if (slots.availablePermits() == 0) {
            slots.acquire();
            slots.release();
        }
    }

    private void pause(Duration delay) throws InterruptedException {
        synchronized (signal) {
            if (running) {
                signal.wait(delay.toMillis());
            }
        }
    }

    private void store(ExportSpool.Spooled export) {
        inFlight.put(export.id(), Boolean.TRUE);
        List<CompletableFuture<SpanOutcome>> results;
        Set<String> users;
        try {
            Mapped mapped = mappedHere.remove(export.id());
            List<RecordInteractionSpans> commands = mapped != null ? mapped.commands()
                    : mapper.map(ExportTraceServiceRequest.parseFrom(export.body()), export.receivedAt()).commands();
            users = users(commands);
            Set<String> erased = lateErasure.erasedSince(export.receivedAt(), users);
            if (!erased.isEmpty()) {
                commands = withoutUsers(commands, erased);
                users.removeAll(erased);
            }
            results = commands.isEmpty() ? List.of() : ingestion.submitInBackground(commands);
        } catch (Exception e) {
            failed(export, e);
            return;
        }
        // a user erased while the traces were being stored is erased again before the row goes (a crash repeats both)
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenCompose(done -> lateErasure.eraseAgain(export.receivedAt(), users))
                .whenComplete((done, error) -> {
                    if (error != null) {
                        failed(export, error);
                        return;
                    }
                    try {
                        spool.remove(export.id());
                        stored.increment();
                        waiting.updateAndGet(n -> Math.max(0, n - 1));
                        results.forEach(r -> overLimit.add(r.join().overLimit()));
                    } catch (RuntimeException e) {
                        log.warn("An OTLP export was stored but its spool row {} not removed ({}); storing it again will"
                                + " change nothing", export.id(), e.toString());
                    } finally {
                        finished(export);
                    }
                });
    }

    private static Set<String> users(List<RecordInteractionSpans> commands) {
        Set<String> users = new HashSet<>();
        for (RecordInteractionSpans command : commands) {
            for (InteractionSpan span : command.spans()) {
                if (span.userId() != null) {
                    users.add(span.userId());
                }
            }
        }
        return users;
    }

    private static List<RecordInteractionSpans> withoutUsers(List<RecordInteractionSpans> commands, Set<String> users) {
        List<RecordInteractionSpans> without = new ArrayList<>(commands.size());
        for (RecordInteractionSpans command : commands) {
            List<InteractionSpan> spans = command.spans().stream()
                    .map(span -> span.userId() != null && users.contains(span.userId()) ? span.withoutUser() : span)
                    .toList();
            without.add(new RecordInteractionSpans(command.traceId(), spans, command.prices(), command.receivedAt()));
        }
        return without;
    }

    private void failed(ExportSpool.Spooled export, Throwable error) {
        try {
            Duration delay = min(Duration.ofSeconds(1L << Math.min(6, Math.max(0, export.attempts() - 1))), MAX_BACKOFF);
            if (export.attempts() >= settings.maxAttempts()) {
                log.error("OTLP export {} ({} spans, received {}) failed {} times and is left in otlp_export_spool: {}",
                        export.id(), export.spans(), export.receivedAt(), export.attempts(), error.toString());
            } else {
                log.warn("OTLP export {} could not be stored (attempt {} of {}), retrying in {} s: {}", export.id(),
                        export.attempts(), settings.maxAttempts(), delay.toSeconds(), error.toString());
            }
            spool.release(export.id(), leaseClock.instant().plus(delay));
        } catch (RuntimeException e) {
            log.warn("OTLP export {} could not be freed again ({}); its lease frees it", export.id(), e.toString());
        } finally {
            finished(export);
        }
    }

    private void finished(ExportSpool.Spooled export) {
        inFlight.remove(export.id());
        slots.release();
        wake();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops claiming, lets the exports in flight finish (up to ten seconds) and frees the rows of those that did
     * not, so that the next start (or another instance) takes them at once instead of after their lease.
     */
    @Override
    public void destroy() {
        stopDraining();
    }

    private void stopDraining() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            awaitDrainStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitDrainStopped() throws InterruptedException {
        running = false;
        wake();
        drain.join(TimeUnit.SECONDS.toMillis(10));
        if (slots.tryAcquire(settings.inFlight(), 10, TimeUnit.SECONDS)) {
            slots.release(settings.inFlight());
        }
        List<String> unfinished = new ArrayList<>(inFlight.keySet());
        if (!unfinished.isEmpty()) {
            try {
                spool.releaseAll(unfinished, leaseClock.instant());
            } catch (RuntimeException e) {
                log.warn("{} OTLP exports in flight at shutdown are freed when their lease runs out ({})",
                        unfinished.size(), e.toString());
            }
        }
    }
}
