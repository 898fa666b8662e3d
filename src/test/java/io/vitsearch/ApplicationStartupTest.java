package io.vitsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest
class ApplicationStartupTest extends DatabaseTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migrationsCreateTheQueueTables() {
        Integer tables = jdbc.queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('experiment', 'job')",
                Integer.class);

        assertThat(tables).isEqualTo(2);
    }
}
