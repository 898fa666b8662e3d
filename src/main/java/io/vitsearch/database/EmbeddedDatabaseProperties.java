package io.vitsearch.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the embedded PostgreSQL that the service starts when no database URL is configured.
 *
 * @param dataDirectory where the cluster keeps its files; it survives restarts
 * @param port TCP port on 127.0.0.1, or 0 for any free port
 */
@ConfigurationProperties("vitsearch.embedded-database")
public record EmbeddedDatabaseProperties(Path dataDirectory, int port) {
}
