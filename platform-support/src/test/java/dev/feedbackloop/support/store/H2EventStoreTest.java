package dev.feedbackloop.support.store;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** A unit of work past its time limit is interrupted; the file H2 writes must not close under everyone else. */
    @Test
    void aWriterInterruptedWhileItCommitsLeavesTheStoreWorking() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS interrupted_writes (n INT)");
            Thread.currentThread().interrupt();
            try {
                s.executeUpdate("INSERT INTO interrupted_writes VALUES (1)");
            } finally {
                Thread.interrupted();
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO interrupted_writes VALUES (2)");
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM interrupted_writes")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }
}
