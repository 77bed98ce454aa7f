package dev.feedbackloop.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --compact-store} as an operator runs it: the platform's settings name the store, the exit status says how it went. */
class CompactStoreCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CompactStoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theStoreTheDataDirSettingNamesIsCompactedAndKeepsItsRows() throws Exception {
        Path data = temp.resolve("data");
        String url = "jdbc:h2:" + data.resolve("event-store") + ";WRITE_DELAY=0";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE token (id INT PRIMARY KEY, position BIGINT)");
            s.execute("INSERT INTO token VALUES (1, 0)");
            try (PreparedStatement move = c.prepareStatement("UPDATE token SET position = ? WHERE id = 1")) {
                for (int i = 1; i <= 3_000; i++) {
                    move.setLong(1, i);
                    move.executeUpdate();
                }
            }
        }
        long before = Files.size(data.resolve("event-store.mv.db"));

        assertThat(run(CompactStoreCommand.FLAG, "--platform.data-dir=" + data)).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("compact-store: " + data.toAbsolutePath().resolve("event-store.mv.db")
                + " compacted from ");
        assertThat(Files.size(data.resolve("event-store.mv.db"))).isLessThan(before);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT position FROM token WHERE id = 1")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(3_000);
        }
    }

    @Test
    void aDataDirWithoutAStoreFailsNamingIt() {
        Path empty = temp.resolve("nothing-here");
        assertThat(run(CompactStoreCommand.FLAG, "--platform.data-dir=" + empty)).isEqualTo(1);
        assertThat(err.toString()).contains("there is no embedded event store in " + empty.toAbsolutePath());
        assertThat(empty).doesNotExist();
    }

    @Test
    void aPlatformOnPostgresqlIsToldItsStoreIsNotTheEmbeddedOne() {
        assertThat(run(CompactStoreCommand.FLAG, "--platform.database.url=jdbc:postgresql://db:5432/feedback")).isEqualTo(2);
        assertThat(err.toString()).contains("platform.database.url is set").doesNotContain("db:5432");
    }

    @Test
    void aSettingThePlatformWouldRefuseIsNamedInOneLineAndNothingIsTouched() {
        Path data = temp.resolve("data");
        assertThat(run(CompactStoreCommand.FLAG, "--platform.data-dir=" + data,
                "--platform.database.max-pool-size=0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("compact-store: platform.database.max-pool-size must be between 1 and 500"
                + System.lineSeparator());
        assertThat(data).doesNotExist();
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsSettingAndNotEchoed() {
        assertThat(run(CompactStoreCommand.FLAG, "--platform.database.max-pool-size=secret-looking-value")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("compact-store: platform.database.max-pool-size is not a valid int" + System.lineSeparator())
                .doesNotContain("secret-looking-value").doesNotContain("Exception");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsRefusedWithoutEchoingWhatFollowsItsScheme() {
        assertThat(run(CompactStoreCommand.FLAG, "--platform.database.url=jdbc:mysql://db/feedback?password=hunter2"))
                .isEqualTo(2);
        assertThat(err.toString()).isEqualTo("compact-store: platform.database.url must be a jdbc:postgresql: or jdbc:h2:"
                + " URL, was one starting 'jdbc:mysql:'" + System.lineSeparator());
    }
}
