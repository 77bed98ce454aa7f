package dev.feedbackloop.support.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link H2FileHousekeepingTest} kills: appends events to an embedded store from {@code args[1]} on
 * while its file is compacted round after round, and prints "committed N" once N's commits returned and "compacted N"
 * after each round that rewrote chunks.
 */
public final class CompactionCrashWriter {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long from = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true);
        var dataSource = StoreChurn.dataSource(dir);
        AtomicLong rounds = new AtomicLong();
        try (Connection c = dataSource.getConnection();
             H2FileHousekeeping housekeeping = H2FileHousekeeping.of(dataSource, 90, 1 << 20)) {
            StoreChurn.createTables(c);
            Thread compactor = new Thread(() -> {
                while (true) {
                    try {
                        if (housekeeping.compactOnce()) {
                            out.println("compacted " + rounds.incrementAndGet());
                        }
                        Thread.sleep(5);
                    } catch (Exception e) {
                        out.println("failed " + e);
                        return;
                    }
                }
            }, "compactor");
            compactor.setDaemon(true);
            compactor.start();
            StoreChurn.run(c, from, Long.MAX_VALUE, i -> out.println("committed " + i));
        }
    }
}
