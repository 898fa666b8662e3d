package io.vitsearch.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base class for Spring Boot tests: each test class gets its own fresh PostgreSQL database, which
 * Flyway migrates when the context starts.
 */
public abstract class DatabaseTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.Coordinates coordinates = TestDatabases.createDatabase();
        registry.add("spring.datasource.url", coordinates::url);
        registry.add("spring.datasource.username", coordinates::user);
        registry.add("spring.datasource.password", coordinates::password);
        // Spring keeps every cached test context open, each with its own pool, so pools that stay
        // full would exhaust the server's default 100 connections over the whole suite. Idle
        // connections therefore close after Hikari's shortest idle timeout.
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
    }
}
