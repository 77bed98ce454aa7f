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

/**
 * A MongoDB-wire-compatible server inside the process, persisted to one file. Auto-commit is off: the
 * projections commit after each batch and before their tracking token, so a killed process never keeps a
 * token ahead of the read model it describes.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MVStore store;
    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    public EmbeddedMongo(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("read-models.mv");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("platform.data-dir " + file.getParent() + " cannot be created", e);
        }
        this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        this.backend = new H2Backend(store);
        this.server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        this.address = server.getLocalAddress();
        log.info("Read models: embedded MongoDB-compatible server on {} persisted to {}", address, file);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** Makes every write so far survive a killed process. */
    public synchronized void commit() {
        if (!store.isClosed()) {
            store.commit();
        }
    }

    @Override
    public void close() {
        commit();
        server.shutdownNow();
        backend.close();
    }
}
