package io.vitsearch.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Hands each test class a fresh, empty PostgreSQL database. The server is a Testcontainers
 * PostgreSQL where Docker is available, and otherwise the local server at
 * {@code VITSEARCH_TEST_DB_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user
 * {@code postgres}, trust authentication). The tests are the same either way.
 */
public final class TestDatabases {

    private static final List<String> created = new ArrayList<>();

    private static Server server;

    private TestDatabases() {
    }

    /** Creates a new database and returns its JDBC coordinates. */
    public static synchronized Coordinates createDatabase() {
        Server current = server();
        String name = "vitsearch_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(current.adminUrl(), current.user(), current.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + current.adminUrl()
                    + ". Start PostgreSQL on 127.0.0.1:5432 or set VITSEARCH_TEST_DB_URL.", e);
        }
        return new Coordinates(current.urlFor(name), current.user(), current.password());
    }

    /** Creates a new database, applies the Flyway migrations and returns a pooled data source for it. */
    public static HikariDataSource createMigratedDataSource(int maximumPoolSize) {
        Coordinates coordinates = createDatabase();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(coordinates.url());
        dataSource.setUsername(coordinates.user());
        dataSource.setPassword(coordinates.password());
        dataSource.setMaximumPoolSize(maximumPoolSize);
        migrate(dataSource);
        return dataSource;
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static Server server() {
        if (server == null) {
            server = DockerClientFactory.instance().isDockerAvailable() ? containerServer() : localServer();
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreatedDatabases, "drop-test-databases"));
        }
        return server;
    }

    /** Drops this JVM's test databases so that repeated runs do not fill the local server. */
    private static synchronized void dropCreatedDatabases() {
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            for (String name : created) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    private static Server localServer() {
        String url = System.getenv().getOrDefault("VITSEARCH_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getenv().getOrDefault("VITSEARCH_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("VITSEARCH_TEST_DB_PASSWORD", "");
        return new Server(url, user, password);
    }

    @SuppressWarnings("resource") // lives for the whole test JVM; Testcontainers' reaper removes it
    private static Server containerServer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    /** JDBC coordinates of one test database. */
    public record Coordinates(String url, String user, String password) {
    }

    private record Server(String adminUrl, String user, String password) {

        String urlFor(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            String suffix = query < 0 ? "" : adminUrl.substring(query);
            return adminUrl.substring(0, slash + 1) + database + suffix;
        }
    }
}
