package dev.feedbackloop.support.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an H2 store's file near the size of its data.
 * <p>
 * H2 writes every commit as a new chunk, and the pages a commit replaces stay in their old chunks. A chunk is freed
 * only when none of its pages is live any more, so chunks that keep one live page among many dead ones pile up unless
 * something rewrites them. H2's background writer does, but the embedded event store's {@code WRITE_DELAY=0} (which
 * every acknowledged commit needs) turns it off: the file grew by about 17 KB an event for payloads of 1-2 KB.
 * <p>
 * This rewrites the sparsest chunks, a bounded amount a round, on a thread of its own: H2's public
 * {@link MVStore#compact(int, int)}, the rewrite its background writer runs. It marks the live pages of those chunks
 * as changed in the store's current version without changing them; the store's next commit writes them, like any
 * other change. Only chunks older than the store's retention time (H2's default, 45 s) are rewritten or reused, so the
 * file still holds up to about that long's writes beyond its data.
 */
public final class H2FileHousekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2FileHousekeeping.class);

    private final DataSource dataSource;
    private final int targetFillRate;
    private final int maxWriteBytes;
    private final ScheduledExecutorService executor;
    private volatile boolean warned;

    /**
     * For an H2 database behind {@code dataSource}: each round borrows a connection to find its store. Rounds do
     * nothing when the database is not an embedded one (a remote H2 server compacts its own file).
     *
     * @param targetFillRate chunks whose live share is below this percentage are rewritten
     * @param maxWriteBytes  at most this much is rewritten per round, so a round never holds the store for long
     */
    public static H2FileHousekeeping of(DataSource dataSource, int targetFillRate, int maxWriteBytes) {
        if (targetFillRate < 1 || targetFillRate > 99) {
            throw new IllegalArgumentException("targetFillRate must be 1-99, was " + targetFillRate);
        }
        return new H2FileHousekeeping(dataSource, targetFillRate, maxWriteBytes);
    }

    private H2FileHousekeeping(DataSource dataSource, int targetFillRate, int maxWriteBytes) {
        this.dataSource = dataSource;
        this.targetFillRate = targetFillRate;
        this.maxWriteBytes = maxWriteBytes;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-file-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a round every {@code interval} on a daemon thread of its own until closed. */
    public H2FileHousekeeping start(Duration interval) {
        executor.scheduleWithFixedDelay(this::compactSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One round: rewrites the sparsest chunks up to the write limit, into the store's current version, which its
     * next commit writes. Returns whether anything was rewritten.
     */
    public boolean compactOnce() throws SQLException {
        MVStore store;
        try (Connection connection = dataSource.getConnection()) {
            store = mvStore(connection);
        }
        return store != null && !store.isClosed() && store.compact(targetFillRate, maxWriteBytes);
    }

    private void compactSafely() {
        try {
            compactOnce();
        } catch (Exception | LinkageError e) {
            // the next round tries again; a store that cannot be compacted still works, it only grows
            if (!warned) {
                warned = true;
                log.warn("Could not compact the embedded event store's file (tried again every round, logged once)", e);
            }
        }
    }

    static MVStore mvStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                && session.getDatabase().getStore() != null ? session.getDatabase().getStore().getMvStore() : null;
    }

    /** Lets a running round finish (never interrupted: an interrupted H2 write closes the file under every session). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Compacting the embedded event store's file did not finish within 30 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
