package dev.feedbackloop.feedback.otlp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * The table of OTLP exports taken in and not yet stored as interactions ({@code otlp_export_spool}). Each statement
 * is its own transaction. A row is free when its lease has run out; claiming takes free rows oldest first and leases
 * them to one claimant, so two drains (of one instance or of several sharing the store) do not take the same row while
 * its lease runs. A claimant that dies holds its rows only until their lease runs out.
 * <p>
 * Only {@link #append} answers a client, and only it waits for the disk. Claims, releases and removals run in the
 * drain's {@code background} transactions (asynchronous commits on PostgreSQL, see {@code BackgroundTransactions}):
 * should the server lose one in a crash, a row is claimed or stored again, and the drain stores nothing twice.
 */
final class ExportSpool {

    /** One spooled export: its protobuf body, when it was received (the mapping's clock) and how often it was claimed. */
    record Spooled(String id, Instant receivedAt, int spans, byte[] body, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate background;

    ExportSpool(DataSource dataSource) {
        this(dataSource, new DataSourceTransactionManager(dataSource));
    }

    ExportSpool(DataSource dataSource, PlatformTransactionManager background) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.background = new TransactionTemplate(background);
    }

    /** A lease that has run out whatever the clocks say: a new row is free to be claimed at once. */
    static final Timestamp FREE = Timestamp.from(Instant.EPOCH);

    /** Stores an export, free to be claimed at once; once this returns the export is durable. */
    void append(String id, Instant receivedAt, int spans, byte[] body) {
        jdbc.update("INSERT INTO otlp_export_spool (id, received_at, spans, body, claimed_by, lease_until, attempts)"
                + " VALUES (?, ?, ?, ?, NULL, ?, 0)", id, Timestamp.from(receivedAt), spans, body, FREE);
    }

    /**
     * Leases up to {@code max} free rows (oldest first, fewer than {@code maxAttempts} claims so far) to
     * {@code claim}, a token new for each call, and returns them. The lease condition is repeated outside the
     * sub-query: on PostgreSQL a claimant that waited for another's row lock checks it again on the row it then sees.
     */
    List<Spooled> claim(String claim, Instant now, Duration lease, int max, int maxAttempts) {
        return background.execute(status -> claimNow(claim, now, lease, max, maxAttempts));
    }

    private List<Spooled> claimNow(String claim, Instant now, Duration lease, int max, int maxAttempts) {
        Timestamp at = Timestamp.from(now);
        int claimed = jdbc.update("UPDATE otlp_export_spool SET claimed_by = ?, lease_until = ?, attempts = attempts + 1"
                + " WHERE lease_until <= ? AND attempts < ? AND id IN (SELECT id FROM otlp_export_spool"
                + " WHERE lease_until <= ? AND attempts < ? ORDER BY id LIMIT ?)",
                claim, Timestamp.from(now.plus(lease)), at, maxAttempts, at, maxAttempts, max);
        if (claimed == 0) {
            return List.of();
        }
        return jdbc.query("SELECT id, received_at, spans, body, attempts FROM otlp_export_spool WHERE claimed_by = ?"
                        + " ORDER BY id",
                (rs, i) -> new Spooled(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getBytes(4),
                        rs.getInt(5)), claim);
    }

    /** Drops an export whose traces are stored. */
    void remove(String id) {
        background.executeWithoutResult(status -> jdbc.update("DELETE FROM otlp_export_spool WHERE id = ?", id));
    }

    /** Frees a claimed row again at {@code freeAt} (a retry after a failure, or at once when a drain stops). */
    void release(String id, Instant freeAt) {
        background.executeWithoutResult(status -> jdbc.update(
                "UPDATE otlp_export_spool SET claimed_by = NULL, lease_until = ? WHERE id = ?", Timestamp.from(freeAt), id));
    }

    /** Frees every row of these claims at once: a stopping drain hands its unfinished rows to the next one. */
    void releaseAll(List<String> ids, Instant now) {
        for (int i = 0; i < ids.size(); i += 500) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = Timestamp.from(now);
            for (int j = 0; j < chunk.size(); j++) {
                args[j + 1] = chunk.get(j);
            }
            jdbc.update("UPDATE otlp_export_spool SET claimed_by = NULL, lease_until = ? WHERE id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", args);
        }
    }

    /** Exports waiting, and those claimed {@code maxAttempts} times without being stored (left for an operator). */
    Counts counts(int maxAttempts) {
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts >= ? THEN 1 ELSE 0 END), 0)"
                + " FROM otlp_export_spool", (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2)), maxAttempts);
    }

    record Counts(long waiting, long stuck) {
    }
}
