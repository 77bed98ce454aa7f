package dev.feedbackloop.support.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Where tests find their stores. PostgreSQL comes from {@code PLATFORM_TEST_POSTGRES_URL} (default the local
 * server at 127.0.0.1:5432); each test class gets a database of its own. Without a reachable server the
 * PostgreSQL tests are skipped, except under {@code CI=true}, where they must run and so fail instead.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String postgresAdminUrl() {
        return env("PLATFORM_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    public static String postgresUser() {
        return env("PLATFORM_TEST_POSTGRES_USER", "postgres");
    }

    public static String postgresPassword() {
        return env("PLATFORM_TEST_POSTGRES_PASSWORD", "");
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String newPostgresDatabase() {
        String name = "fl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + postgresAdminUrl() + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Under CI=true the PostgreSQL suite must run. " + why, e);
            }
            Assumptions.abort(why);
        }
        String admin = postgresAdminUrl();
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }

    public static void dropPostgresDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database is harmless; the next run makes a new one
        }
    }

    public static Path newDataDir(String purpose) {
        try {
            return Files.createTempDirectory("feedback-loop-" + purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection adminConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", postgresUser());
        props.setProperty("password", postgresPassword());
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(postgresAdminUrl(), props);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
