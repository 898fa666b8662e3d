package io.vitsearch.dataset;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code dataset} table of registered datasets. */
class DatasetRepository {

    private final JdbcTemplate jdbc;

    DatasetRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a registered dataset.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the name is taken
     */
    void insert(DatasetSource source) {
        jdbc.update("INSERT INTO dataset (name, format, path, channels, image_size) VALUES (?, ?, ?, ?, ?)",
                source.name(), source.format().name(), source.path().toString(), source.channels(),
                source.imageSize());
    }

    Optional<DatasetSource> find(String name) {
        return jdbc.query("SELECT name, format, path, channels, image_size FROM dataset WHERE name = ?",
                DatasetRepository::map, name).stream().findFirst();
    }

    List<DatasetSource> findAll() {
        return jdbc.query("SELECT name, format, path, channels, image_size FROM dataset ORDER BY name",
                DatasetRepository::map);
    }

    private static DatasetSource map(ResultSet row, int rowNumber) throws SQLException {
        return new DatasetSource(
                row.getString("name"),
                DatasetFormat.valueOf(row.getString("format")),
                Path.of(row.getString("path")),
                row.getObject("channels", Integer.class),
                row.getObject("image_size", Integer.class),
                false);
    }
}
