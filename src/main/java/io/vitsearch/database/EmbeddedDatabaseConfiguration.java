package io.vitsearch.database;

import java.io.IOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL when {@code spring.datasource.url} (or {@code VITSEARCH_DB_URL}) is
 * empty, so that a new user can run the service with nothing but a JDK. The cluster's files stay in
 * {@code vitsearch.embedded-database.data-directory} between runs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) {
        try {
            Files.createDirectories(properties.dataDirectory());
            OrphanedServer.stopIfRunning(properties.dataDirectory());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDirectory())
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    // Spring stops the workers first and closes this bean after them. A JVM shutdown
                    // hook of its own would stop the server while a worker still writes to it.
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}",
                    postgres.getPort(), properties.dataDirectory());
            return postgres;
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedDatabaseException(
                    "Could not start the embedded PostgreSQL with data in " + properties.dataDirectory()
                            + ": " + e.getMessage() + ". Point the service at a running server instead by"
                            + " setting VITSEARCH_DB_URL (for example jdbc:postgresql://127.0.0.1:5432/vitsearch),"
                            + " VITSEARCH_DB_USER and VITSEARCH_DB_PASSWORD.", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("vitsearch-embedded");
        return dataSource;
    }
}
