package dev.feedbackloop.support.store;

import dev.feedbackloop.support.testing.TestDatabases;

/** The store contract on PostgreSQL: skipped without a server, except under CI=true where it must run. */
class PostgresEventStoreTest extends EventStoreContract {

    private String url;

    @Override
    String jdbcUrl() {
        if (url == null) {
            url = TestDatabases.newPostgresDatabase();
        }
        return url;
    }

    @Override
    String username() {
        return TestDatabases.postgresUser();
    }

    @Override
    String vendorLocation() {
        return "postgresql";
    }

    @Override
    void cleanUp() {
        TestDatabases.dropPostgresDatabase(url);
    }
}
