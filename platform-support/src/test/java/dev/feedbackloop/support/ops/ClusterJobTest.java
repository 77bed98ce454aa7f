package dev.feedbackloop.support.ops;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.feedbackloop.support.testing.TestDatabases;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one database run a cluster job one at a time, each run an interval after the previous one
 * ended, whichever instance picks it; the next run's time is kept across a restart. On the embedded H2 and PostgreSQL,
 * with the platform's own {@code scheduled_tasks} migration.
 */
class ClusterJobTest {

    static final Duration INTERVAL = Duration.ofMillis(300);
    static final String NAME = "test-cluster-job";

    /** One run: which instance, when it started and ended. */
    record Run(String instance, Instant start, Instant end) {
    }

    final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    RecurringTask<Void> job(String instance) {
        return ClusterJob.every(NAME, INTERVAL, () -> {
            Instant start = Instant.now();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            runs.add(new Run(instance, start, Instant.now()));
        });
    }

    Scheduler instance(DataSource db, String name) {
        Scheduler scheduler = Scheduler.create(db).startTasks(job(name)).schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(Duration.ofMillis(50)).threads(2).build();
        scheduler.start();
        return scheduler;
    }

    void twoInstancesRunTheJobOneAtATimeAndKeepItsNextRunAcrossARestart(DataSource db) throws Exception {
        migrate(db);
        Scheduler a = instance(db, "instance-a");
        Scheduler b = instance(db, "instance-b");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 6);
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(mostAtOnce.get()).isEqualTo(1);
        List<Run> ordered = runs.stream().sorted(java.util.Comparator.comparing(Run::start)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            // never early, never twice: each run starts at least an interval after the previous one ended
            assertThat(ordered.get(i).start()).isAfterOrEqualTo(ordered.get(i - 1).end().plus(INTERVAL).minusMillis(5));
        }
        assertThat(count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = '" + NAME + "'")).isEqualTo(1);

        Instant next = nextRun(db);
        Scheduler restarted = instance(db, "instance-c");
        try {
            Thread.sleep(200);  // the restarted scheduler has registered its start tasks
            if (runs.stream().noneMatch(r -> r.instance().equals("instance-c"))) {
                assertThat(nextRun(db)).isEqualTo(next);   // not moved to a new first run
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.stream().anyMatch(r -> r.instance().equals("instance-c")));
        } finally {
            restarted.stop();
        }
    }

    @Test
    void onTheEmbeddedDatabase() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cluster-job-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        twoInstancesRunTheJobOneAtATimeAndKeepItsNextRunAcrossARestart(h2);
    }

    @Test
    void onPostgres() throws Exception {
        String url = TestDatabases.newPostgresDatabase();
        try {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(TestDatabases.postgresUser());
            pg.setPassword(TestDatabases.postgresPassword());
            twoInstancesRunTheJobOneAtATimeAndKeepItsNextRunAcrossARestart(pg);
        } finally {
            TestDatabases.dropPostgresDatabase(url);
        }
    }

    static void migrate(DataSource db) throws SQLException, IOException {
        String dialect;
        try (Connection c = db.getConnection()) {
            dialect = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? "postgresql" : "h2";
        }
        String sql;
        try (InputStream in = ClusterJobTest.class.getResourceAsStream("/db/migration/" + dialect + "/V2__db_scheduler.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static Instant nextRun(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT execution_time FROM scheduled_tasks WHERE task_name = '" + NAME + "'")) {
            r.next();
            Timestamp t = r.getTimestamp(1);
            return t.toInstant();
        }
    }
}
