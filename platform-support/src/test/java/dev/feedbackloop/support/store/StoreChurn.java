package dev.feedbackloop.support.store;

import org.h2.jdbcx.JdbcDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The commits an event store makes, in miniature: an event appended in its own transaction, then a few of 35
 * processors' tokens moved past it, each in its own. Each commit leaves the pages it replaced in older chunks.
 */
final class StoreChurn {

    static final int PROCESSORS = 35;
    static final int TOKENS_PER_EVENT = 5;
    private static final int PAYLOAD_BYTES = 1_500;

    private StoreChurn() {
    }

    /**
     * The embedded event store's data source, as the platform opens it but for the time H2 keeps a chunk before it
     * may rewrite or reuse it: half a second instead of 45, so that a test sees in seconds what the platform sees
     * after a minute.
     */
    static JdbcDataSource dataSource(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(EventStoreConfiguration.embeddedUrl(dir) + ";RETENTION_TIME=500");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS churn_event (global_index BIGINT PRIMARY KEY, event_id VARCHAR(36) UNIQUE,"
                    + " payload BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS churn_token (processor INT PRIMARY KEY, position BIGINT NOT NULL)");
            for (int p = 0; p < PROCESSORS; p++) {
                s.execute("MERGE INTO churn_token KEY (processor) VALUES (" + p + ", 0)");
            }
        }
    }

    /** Appends events {@code from} to {@code to - 1}; {@code committed} hears each index once its last commit returned. */
    static void run(Connection c, long from, long to, LongConsumer committed) throws SQLException {
        c.setAutoCommit(true);
        byte[] payload = new byte[PAYLOAD_BYTES];
        try (PreparedStatement append = c.prepareStatement("INSERT INTO churn_event VALUES (?, ?, ?)");
             PreparedStatement move = c.prepareStatement("UPDATE churn_token SET position = ? WHERE processor = ?")) {
            for (long i = from; i < to; i++) {
                Arrays.fill(payload, (byte) ('a' + i % 26));
                append.setLong(1, i);
                append.setString(2, new java.util.UUID(i, ~i).toString());
                append.setBytes(3, payload);
                append.executeUpdate();
                for (int t = 0; t < TOKENS_PER_EVENT; t++) {
                    move.setLong(1, i);
                    move.setInt(2, (int) ((i * TOKENS_PER_EVENT + t) % PROCESSORS));
                    move.executeUpdate();
                }
                committed.accept(i);
            }
        }
    }

    static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM churn_event")) {
            r.next();
            return r.getLong(1);
        }
    }

    static long highestToken(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(position) FROM churn_token")) {
            r.next();
            return r.getLong(1);
        }
    }
}
