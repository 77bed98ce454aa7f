package dev.feedbackloop.support.store;

import dev.feedbackloop.support.testing.TestDatabases;

import java.nio.file.Path;

/** The store contract on the embedded default: an H2 file with WRITE_DELAY=0. */
class H2EventStoreTest extends EventStoreContract {

    private final Path dataDir = TestDatabases.newDataDir("h2-store");

    @Override
    String jdbcUrl() {
        return EventStoreConfiguration.embeddedUrl(dataDir);
    }

    @Override
    String username() {
        return "sa";
    }

    @Override
    String vendorLocation() {
        return "h2";
    }
}
