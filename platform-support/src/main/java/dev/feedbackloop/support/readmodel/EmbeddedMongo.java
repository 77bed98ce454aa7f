package dev.feedbackloop.support.readmodel;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A MongoDB-wire-compatible server inside the process, persisted to one file. Auto-commit is off: the
 * projections commit after each batch and before their tracking token, so a killed process never keeps a
 * token ahead of the read model it describes.
 * <p>
 * The server stores a document and its _id index entry as two separate map updates. A commit that lands between
 * them persists a document without its index entry; after a crash an upsert of that document then fails for ever
 * ("already existed") and its projection stops. So writes share a lock and a commit takes it exclusively: a commit
 * only ever sees whole writes.
 */
public final class EmbeddedMongo implements AutoCloseable, ReadModelDurability {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MVStore store;
    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
    private final Object commitMonitor = new Object();
    private long ticketsTaken;
    private long ticketsCommitted;
    private boolean committing;

    public EmbeddedMongo(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("read-models.mv");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("platform.data-dir " + file.getParent() + " cannot be created", e);
        }
        // retry: a thread interrupted during a read or a commit would otherwise close the file for every thread, and
        // every later read and write would fail until a restart; H2's retry file system opens it again (same file)
        this.store = new MVStore.Builder().fileName("retry:" + file).autoCommitDisabled().open();
        this.backend = new ReadModelBackend(store);
        this.server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        this.address = server.getLocalAddress();
        log.info("Read models: embedded MongoDB-compatible server on {} persisted to {}", address, file);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void write(Runnable write) {
        writes.readLock().lock();
        try {
            write.run();
        } finally {
            writes.readLock().unlock();
        }
    }

    /**
     * Group commit: a caller whose writes are complete takes a ticket; whoever finds no commit running commits
     * for every ticket taken so far, the others wait for a commit that started after their ticket. Under load
     * one commit (which re-serialises every changed page) serves many processor batches.
     */
    @Override
    public void afterBatchWritten() {
        long ticket;
        synchronized (commitMonitor) {
            ticket = ++ticketsTaken;
        }
        while (true) {
            long upTo;
            synchronized (commitMonitor) {
                while (committing && ticketsCommitted < ticket) {
                    try {
                        commitMonitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for a read-model commit", e);
                    }
                }
                if (ticketsCommitted >= ticket) {
                    return;
                }
                committing = true;
                upTo = ticketsTaken;
            }
            boolean committed = false;
            try {
                commit();
                committed = true;
            } finally {
                synchronized (commitMonitor) {
                    committing = false;
                    if (committed) {
                        ticketsCommitted = Math.max(ticketsCommitted, upTo);
                    }
                    commitMonitor.notifyAll();
                }
            }
        }
    }

    /** Makes every completed write survive a killed process. */
    public void commit() {
        writes.writeLock().lock();
        try {
            if (!store.isClosed()) {
                store.commit();
            }
        } finally {
            writes.writeLock().unlock();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        commit();
        server.shutdownNow();
        backend.close();
    }

    private boolean closed;
}
