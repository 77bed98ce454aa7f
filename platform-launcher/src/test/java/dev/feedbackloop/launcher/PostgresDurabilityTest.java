package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;

import java.util.List;

/** kill -9 with PostgreSQL as the event store. */
class PostgresDurabilityTest extends DurabilityContract {

    private String url;

    @Override
    List<String> storeArguments() {
        url = TestDatabases.newPostgresDatabase();
        return List.of("--platform.database.url=" + url, "--platform.database.username=" + TestDatabases.postgresUser(),
                "--platform.database.password=" + TestDatabases.postgresPassword());
    }

    @AfterEach
    void drop() {
        if (url != null) {
            TestDatabases.dropPostgresDatabase(url);
        }
    }
}
