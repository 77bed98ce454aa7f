package dev.feedbackloop.support.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded event store's file compacted while it is written, and killed while it is compacted. */
class H2FileHousekeepingTest {

    private static final String FILE = "event-store.mv.db";

    @TempDir
    Path temp;

    /**
     * The same commits into two stores, one compacted every 50 events: measured while both are open, the compacted
     * file is well under the other, which keeps every chunk that still holds a live page (about 95 against 225 MB).
     */
    @Test
    void aCompactedStoreStaysNearItsDataWhileAnUncompactedOneKeepsEveryChunk() throws Exception {
        Path plain = temp.resolve("plain");
        Path compacted = temp.resolve("compacted");
        var plainSource = StoreChurn.dataSource(plain);
        var compactedSource = StoreChurn.dataSource(compacted);
        int events = 10_000;
        int compactedRounds;
        long plainBytes;
        long compactedBytes;
        try (Connection a = plainSource.getConnection(); Connection b = compactedSource.getConnection();
             H2FileHousekeeping housekeeping = H2FileHousekeeping.of(compactedSource, 80, 16 << 20)) {
            StoreChurn.createTables(a);
            StoreChurn.createTables(b);
            StoreChurn.run(a, 0, events, i -> { });
            int[] rounds = {0};
            StoreChurn.run(b, 0, events, i -> {
                if (i % 50 == 49) {
                    try {
                        rounds[0] += housekeeping.compactOnce() ? 1 : 0;
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            compactedRounds = rounds[0];
            assertThat(StoreChurn.count(b)).isEqualTo(events);
            // measured while open: closing a store compacts it for up to 200 ms (H2's MAX_COMPACT_TIME)
            plainBytes = Files.size(plain.resolve(FILE));
            compactedBytes = Files.size(compacted.resolve(FILE));
        }
        System.out.printf("h2 housekeeping: %d events, plain %.1f MB, compacted %.1f MB (%d rounds rewrote chunks)%n",
                events, plainBytes / 1e6, compactedBytes / 1e6, compactedRounds);
        assertThat(compactedRounds).isPositive();
        assertThat(compactedBytes).as("compacted file against the plain one").isLessThan(plainBytes * 6 / 10);
    }

    /**
     * A writer compacting round after round is killed with SIGKILL three times: each time the store opens again with
     * every event whose commits had returned, and the tokens at least as far.
     */
    @Test
    void aStoreKilledWhileCompactingKeepsEveryCommitThatReturned() throws Exception {
        Path dir = temp.resolve("killed");
        long next = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process writer = new ProcessBuilder(javaCommand(dir, next)).redirectErrorStream(true).start();
            long lastCommitted = -1;
            int compactions = 0;
            List<String> tail = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                String line;
                while ((line = lines.readLine()) != null && System.nanoTime() < deadline) {
                    if (line.startsWith("committed ")) {
                        lastCommitted = Long.parseLong(line.substring(10));
                    } else if (line.startsWith("compacted ")) {
                        compactions++;
                    } else {
                        tail.add(line);
                    }
                    if (compactions >= 3 && lastCommitted >= next + 500) {
                        break;
                    }
                }
                writer.destroyForcibly();
                writer.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(compactions).as("rounds that rewrote chunks before kill " + (kill + 1) + "; other output: " + tail)
                    .isGreaterThanOrEqualTo(3);
            try (Connection c = StoreChurn.dataSource(dir).getConnection()) {
                long stored = StoreChurn.count(c);
                assertThat(stored).as("events after kill " + (kill + 1)).isGreaterThanOrEqualTo(lastCommitted + 1);
                assertThat(StoreChurn.highestToken(c)).isGreaterThanOrEqualTo(lastCommitted);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT COUNT(*) FROM churn_event WHERE LENGTH(payload) = 1500");
                }
                next = stored;
            }
        }
    }

    private static List<String> javaCommand(Path dir, long from) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CompactionCrashWriter.class.getName(), dir.toString(), String.valueOf(from));
    }
}
