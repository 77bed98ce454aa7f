package dev.feedbackloop.support.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL, background transactions commit without waiting for the disk and requests' transactions still wait.
 * What a commit ran with is seen by a deferred trigger, which PostgreSQL runs inside the COMMIT itself; the pool holds
 * one connection, so every transaction here runs on the same session.
 */
class BackgroundTransactionsTest {

    private String url;
    private HikariDataSource pool;
    private EventStoreConfiguration.PooledDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        url = TestDatabases.newPostgresDatabase();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(TestDatabases.postgresUser());
        config.setPassword(TestDatabases.postgresPassword());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        dataSource = new EventStoreConfiguration.PooledDataSource(pool);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE work (x INT)");
        jdbc.execute("CREATE TABLE commits (x INT, synchronous_commit TEXT)");
        jdbc.execute("CREATE FUNCTION remember_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO commits VALUES (NEW.x, current_setting('synchronous_commit')); RETURN NULL; END $$");
        jdbc.execute("CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON work DEFERRABLE INITIALLY DEFERRED"
                + " FOR EACH ROW EXECUTE FUNCTION remember_commit()");
    }

    @AfterEach
    void drop() {
        if (pool != null) {
            pool.close();
        }
        if (url != null) {
            TestDatabases.dropPostgresDatabase(url);
        }
    }

    private List<String> commitsOf(int x) {
        return jdbc.queryForList("SELECT synchronous_commit FROM commits WHERE x = ?", String.class, x);
    }

    @Test
    void backgroundWorkCommitsWithoutWaitingForTheDiskAndTheSessionGoesBackToThePoolAsItCame() {
        BackgroundTransactions background = new BackgroundTransactions(dataSource, true);
        TransactionTemplate request = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        new TransactionTemplate(background.platform()).executeWithoutResult(s -> jdbc.update("INSERT INTO work VALUES (1)"));
        request.executeWithoutResult(s -> jdbc.update("INSERT INTO work VALUES (2)"));
        background.axon().executeInTransaction(() -> jdbc.update("INSERT INTO work VALUES (3)"));
        request.executeWithoutResult(s -> jdbc.update("INSERT INTO work VALUES (4)"));

        assertThat(commitsOf(1)).containsExactly("off");
        assertThat(commitsOf(2)).containsExactly("on");
        assertThat(commitsOf(3)).containsExactly("off");
        assertThat(commitsOf(4)).containsExactly("on");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM work", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
    }

    @Test
    void aRolledBackBackgroundTransactionStoresNothingAndTheNextOneCommitsAsUsual() {
        BackgroundTransactions background = new BackgroundTransactions(dataSource, true);
        TransactionTemplate transactions = new TransactionTemplate(background.platform());

        transactions.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO work VALUES (5)");
            s.setRollbackOnly();
        });
        transactions.executeWithoutResult(s -> jdbc.update("INSERT INTO work VALUES (6)"));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM work WHERE x = 5", Integer.class)).isZero();
        assertThat(commitsOf(5)).isEmpty();
        assertThat(commitsOf(6)).containsExactly("off");
    }

    @Test
    void toldToCommitSynchronouslyBackgroundWorkWaitsLikeEveryRequest() {
        BackgroundTransactions background = new BackgroundTransactions(dataSource, false);

        new TransactionTemplate(background.platform()).executeWithoutResult(s -> jdbc.update("INSERT INTO work VALUES (7)"));
        background.axon().executeInTransaction(() -> jdbc.update("INSERT INTO work VALUES (8)"));

        assertThat(background.asynchronous()).isFalse();
        assertThat(commitsOf(7)).containsExactly("on");
        assertThat(commitsOf(8)).containsExactly("on");
    }
}
