package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class DatasetConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(DatasetConfiguration.class, DatasetRegistry.class)
            .withBean(JdbcTemplate.class, () -> new JdbcTemplate(new SimpleDriverDataSource()));

    @Test
    void defaultsApplyWithoutProperties() {
        context.run(started -> {
            DatasetProperties properties = started.getBean(DatasetProperties.class);

            assertThat(started).hasSingleBean(DatasetRegistry.class);
            assertThat(properties.packageRoot()).isEqualTo(Path.of("/usr/share/datasets"));
            assertThat(properties.allowedRoots()).isEmpty();
        });
    }

    @Test
    void allowedRootsBindFromCommaSeparatedList() {
        context.withPropertyValues("vitsearch.datasets.allowed-roots=/srv/data,/mnt/images",
                        "vitsearch.datasets.package-root=/opt/datasets")
                .run(started -> {
                    DatasetProperties properties = started.getBean(DatasetProperties.class);

                    assertThat(properties.allowedRoots()).containsExactly(Path.of("/srv/data"), Path.of("/mnt/images"));
                    assertThat(properties.packageRoot()).isEqualTo(Path.of("/opt/datasets"));
                });
    }
}
