package dev.feedbackloop.support.store;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactions of work nobody waits on: event processors' batches (their tokens, sagas, dead letters and what their
 * handlers store), the OTLP spool's drain and the writers storing its traces. On PostgreSQL they commit without
 * waiting for the write-ahead log to reach the disk ({@code SET LOCAL synchronous_commit TO OFF} just before the
 * commit), so the commits a client waits on (a feedback's events, an OTLP export's spool row) share the log's flushes
 * with fewer others.
 * <p>
 * Nothing acknowledged can be lost by it. PostgreSQL writes its log in order and recovers a prefix of it: a
 * background commit is lost only when the server itself crashes within about three {@code wal_writer_delay}s of it and
 * before any later commit that waited for the disk, and then everything after it in the log is lost too. What such a
 * commit holds is derived from what is durable (events already stored, spool rows still there), and is derived again
 * after the crash: processors resume from their last durable token, the drain takes its exports again and stores
 * nothing twice. Everything else (commands answering a request) still commits synchronously.
 * <p>
 * {@code platform.database.background-commits=synchronous} makes these wait for the disk too; the embedded H2 store
 * has no such setting and always commits them as it commits everything else.
 */
public final class BackgroundTransactions {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTransactions.class);
    static final String ASYNCHRONOUS = "SET LOCAL synchronous_commit TO OFF";

    private final PlatformTransactionManager platform;
    private final TransactionManager axon;
    private final boolean asynchronous;

    public BackgroundTransactions(DataSource dataSource, boolean asynchronous) {
        this.asynchronous = asynchronous;
        this.platform = asynchronous ? new AsynchronousCommits(dataSource) : new DataSourceTransactionManager(dataSource);
        this.axon = new SpringTransactionManager(platform);
    }

    /** For Spring's transaction templates (plain JDBC work). */
    public PlatformTransactionManager platform() {
        return platform;
    }

    /** For Axon's units of work (processors, command batches). */
    public TransactionManager axon() {
        return axon;
    }

    /** Whether these transactions commit without waiting for the disk. */
    public boolean asynchronous() {
        return asynchronous;
    }

    /**
     * Sets the commit asynchronous as the last statement before the commit, not at the start: the event store's
     * connections are taken from the pool at a transaction's first statement, and a processor's transaction starts
     * before its handlers run (see {@link EventStoreConfiguration#dataSource}). {@code SET LOCAL} ends with the
     * transaction, so the pooled connection goes back as it came.
     */
    static final class AsynchronousCommits extends DataSourceTransactionManager {

        AsynchronousCommits(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (TransactionSynchronizationManager.getResource(obtainDataSource()) instanceof ConnectionHolder holder) {
                try (Statement statement = holder.getConnection().createStatement()) {
                    statement.execute(ASYNCHRONOUS);
                } catch (SQLException e) {
                    // an aborted transaction refuses it; the commit below then reports what went wrong
                    log.debug("Could not make a background commit asynchronous: {}", e.toString());
                }
            }
            super.doCommit(status);
        }
    }
}
