package dev.feedbackloop.support.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Offline compaction of a stopped platform's event store: smaller, the same data, and never a running one's. */
class EmbeddedStoreCompactionTest {

    @TempDir
    Path temp;

    @Test
    void aStoppedStoreShrinksToItsDataAndKeepsEveryRow() throws Exception {
        Path dir = temp.resolve("data");
        try (Connection c = StoreChurn.dataSource(dir).getConnection()) {
            StoreChurn.createTables(c);
            StoreChurn.run(c, 0, 2_000, i -> { });
        }
        EmbeddedStoreCompaction.Result result = EmbeddedStoreCompaction.compact(dir);
        System.out.printf("offline compaction: %.1f MB -> %.1f MB in %d ms%n", result.bytesBefore() / 1e6,
                result.bytesAfter() / 1e6, result.took().toMillis());
        assertThat(result.bytesAfter()).isLessThan(result.bytesBefore() / 3).isEqualTo(Files.size(result.file()));
        try (Connection c = StoreChurn.dataSource(dir).getConnection()) {
            assertThat(StoreChurn.count(c)).isEqualTo(2_000);
            assertThat(StoreChurn.highestToken(c)).isEqualTo(1_999);
            try (var s = c.createStatement();
                 var r = s.executeQuery("SELECT SUM(LENGTH(payload)), COUNT(DISTINCT event_id) FROM churn_event")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(2_000L * 1_500);
                assertThat(r.getLong(2)).isEqualTo(2_000);
            }
        }
    }

    @Test
    void aStoreARunningPlatformHoldsIsRefusedAndLeftAsItIs() throws Exception {
        Path dir = temp.resolve("running");
        try (Connection c = StoreChurn.dataSource(dir).getConnection()) {
            StoreChurn.createTables(c);
            long before = Files.size(dir.resolve(EmbeddedStoreCompaction.FILE));
            assertThatThrownBy(() -> EmbeddedStoreCompaction.compact(dir))
                    .isInstanceOf(EmbeddedStoreCompaction.NotCompacted.class)
                    .hasMessageContaining("open in a running platform: stop it first");
            assertThat(StoreChurn.count(c)).isZero();
            assertThat(Files.size(dir.resolve(EmbeddedStoreCompaction.FILE))).isGreaterThanOrEqualTo(before);
        }
    }

    @Test
    void aDataDirectoryWithoutAStoreIsRefusedWithoutCreatingOne() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> EmbeddedStoreCompaction.compact(dir))
                .isInstanceOf(EmbeddedStoreCompaction.NotCompacted.class)
                .hasMessageContaining("there is no embedded event store in");
        assertThat(dir).isEmptyDirectory();
    }
}
