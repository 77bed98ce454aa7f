package dev.feedbackloop.support.store;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The store contract on the PostgreSQL image production runs; skipped where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerEventStoreTest extends EventStoreContract {

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine");

    @Override
    String jdbcUrl() {
        return POSTGRES.getJdbcUrl() + (POSTGRES.getJdbcUrl().contains("?") ? "&" : "?") + "password=" + POSTGRES.getPassword();
    }

    @Override
    String username() {
        return POSTGRES.getUsername();
    }

    @Override
    String vendorLocation() {
        return "postgresql";
    }
}
