package io.vitsearch.queue;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Builds queue clients over a test database without a Spring context. */
public final class TestQueues {

    private TestQueues() {
    }

    public static PostgresJobQueue create(DataSource dataSource, Clock clock, QueueProperties properties,
            JobEventListener... listeners) {
        return create(dataSource, clock, properties, new SimpleMeterRegistry(), listeners);
    }

    public static PostgresJobQueue create(DataSource dataSource, Clock clock, QueueProperties properties,
            MeterRegistry registry, JobEventListener... listeners) {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        return new PostgresJobQueue(new NamedParameterJdbcTemplate(dataSource), transactions, clock, properties,
                registry, List.of(listeners));
    }
}
