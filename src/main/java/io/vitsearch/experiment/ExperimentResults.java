package io.vitsearch.experiment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.vitsearch.search.Architecture;
import io.vitsearch.search.Candidate;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.SpaceStep;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Reads what {@link JdbcExperimentRecorder} stored, for the REST API. Every method first checks that
 * the experiment exists and throws {@link ExperimentNotFoundException} when it does not, so a
 * caller can distinguish an unknown experiment from one without results yet.
 */
@Component
class ExperimentResults {

    private static final TypeReference<List<Candidate>> POPULATION = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;

    ExperimentResults(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the experiment's name and status. */
    ExperimentHeader header(UUID experimentId) {
        return findHeader(experimentId).orElseThrow(() -> new ExperimentNotFoundException(experimentId));
    }

    Optional<ExperimentHeader> findHeader(UUID experimentId) {
        List<ExperimentHeader> rows = jdbc.query("SELECT name, status FROM experiment WHERE id = :id",
                new MapSqlParameterSource("id", experimentId),
                (rs, rowNum) -> new ExperimentHeader(rs.getString("name"), ExperimentStatus.valueOf(rs.getString("status"))));
        return rows.stream().findFirst();
    }

    SpaceStepList spaceSteps(UUID experimentId) {
        header(experimentId);
        List<SpaceStepResponse> steps = jdbc.query("""
                SELECT report::text AS report, created_at FROM experiment_space_step
                WHERE experiment_id = :id ORDER BY index
                """, new MapSqlParameterSource("id", experimentId),
                (rs, rowNum) -> SpaceStepResponse.of(SearchJson.mapper().readValue(rs.getString("report"), SpaceStep.class),
                        instant(rs, "created_at")));
        return new SpaceStepList(experimentId, steps);
    }

    GenerationList generations(UUID experimentId) {
        header(experimentId);
        List<GenerationResponse> generations = jdbc.query("""
                SELECT index, population::text AS population, created_at FROM experiment_generation
                WHERE experiment_id = :id ORDER BY index
                """, new MapSqlParameterSource("id", experimentId), (rs, rowNum) -> generation(rs));
        return new GenerationList(experimentId, generations);
    }

    GenerationResponse generation(UUID experimentId, int index) {
        header(experimentId);
        List<GenerationResponse> rows = jdbc.query("""
                SELECT index, population::text AS population, created_at FROM experiment_generation
                WHERE experiment_id = :id AND index = :index
                """, new MapSqlParameterSource("id", experimentId).addValue("index", index),
                (rs, rowNum) -> generation(rs));
        if (rows.isEmpty()) {
            Integer count = jdbc.queryForObject("SELECT count(*) FROM experiment_generation WHERE experiment_id = :id",
                    new MapSqlParameterSource("id", experimentId), Integer.class);
            throw new ResultNotFoundException(experimentId, "Experiment " + experimentId + " has no generation " + index
                    + "; it has recorded " + count + " generation" + (count == 1 ? "" : "s") + " so far.");
        }
        return rows.get(0);
    }

    /** Returns the best {@code top} architectures, or all recorded ones when {@code top} is null. */
    ArchitectureList architectures(UUID experimentId, Integer top) {
        header(experimentId);
        MapSqlParameterSource params = new MapSqlParameterSource("id", experimentId).addValue("top", top);
        List<ArchitectureResponse> architectures = jdbc.query("""
                SELECT * FROM experiment_architecture WHERE experiment_id = :id
                ORDER BY rank
                LIMIT :top
                """, params, (rs, rowNum) -> architecture(experimentId, rs));
        return new ArchitectureList(experimentId, architectures);
    }

    /** Returns the exported model of an architecture, from its best rank when it has several ranks. */
    StoredModel model(UUID experimentId, String archId) {
        ExperimentHeader experiment = header(experimentId);
        List<StoredModel> rows = jdbc.query("""
                SELECT arch_id, model_path, model_sha256 FROM experiment_architecture
                WHERE experiment_id = :id AND arch_id = :archId
                ORDER BY rank
                LIMIT 1
                """, new MapSqlParameterSource("id", experimentId).addValue("archId", archId),
                (rs, rowNum) -> new StoredModel(experiment.name(), rs.getString("arch_id"), rs.getString("model_path"),
                        rs.getString("model_sha256")));
        if (rows.isEmpty()) {
            throw new ResultNotFoundException(experimentId, "Experiment " + experimentId + " has no ranked architecture "
                    + archId + "; list them at /api/v1/experiments/" + experimentId + "/architectures.");
        }
        StoredModel model = rows.get(0);
        if (model.path() == null) {
            throw new ResultNotFoundException(experimentId, "The model of architecture " + archId + " of experiment "
                    + experimentId + " is not exported yet; it is available once the experiment's export phase"
                    + " stores it.");
        }
        return model;
    }

    /** Returns the training curves grouped by name, optionally only the curve called {@code name}. */
    MetricsResponse metrics(UUID experimentId, String name) {
        header(experimentId);
        Map<String, List<MetricSeries.Point>> series = new LinkedHashMap<>();
        forEachMetric(experimentId, name, row -> series.computeIfAbsent(row.name(), key -> new ArrayList<>())
                .add(new MetricSeries.Point(row.phase(), row.spaceStep(), row.epoch(), row.step(), row.value(),
                        row.recordedAt())));
        List<MetricSeries> list = series.entrySet().stream()
                .map(entry -> new MetricSeries(entry.getKey(), entry.getValue()))
                .toList();
        return new MetricsResponse(experimentId, list);
    }

    /** Passes the metric rows to {@code consumer} in recording order, optionally only those called {@code name}. */
    void forEachMetric(UUID experimentId, String name, Consumer<MetricRow> consumer) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", experimentId).addValue("name", name);
        String filter = name == null ? "" : " AND name = :name";
        jdbc.query("SELECT phase, space_step, epoch, step, name, value, recorded_at FROM experiment_metric"
                + " WHERE experiment_id = :id" + filter + " ORDER BY seq", params, rs -> {
                    consumer.accept(new MetricRow(rs.getString("phase"), rs.getObject("space_step", Integer.class),
                            rs.getInt("epoch"), rs.getLong("step"), rs.getString("name"), rs.getDouble("value"),
                            instant(rs, "recorded_at")));
                });
    }

    /**
     * Returns the rank-1 architecture with the first generation that evaluated it, or while the search
     * runs the candidate with the lowest validation error of the generations recorded so far, or null
     * before either exists.
     */
    BestArchitecture best(UUID experimentId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", experimentId);
        List<BestArchitecture> ranked = jdbc.query("""
                SELECT a.arch_id, a.architecture::text AS architecture, a.validation_error, a.test_accuracy,
                       a.params, a.flops,
                       (SELECT min(g.index) FROM experiment_generation g
                        CROSS JOIN LATERAL jsonb_array_elements(g.population) AS c(candidate)
                        WHERE g.experiment_id = a.experiment_id AND c.candidate ->> 'id' = a.arch_id) AS generation
                FROM experiment_architecture a WHERE a.experiment_id = :id AND a.rank = 1
                """, params, (rs, rowNum) -> new BestArchitecture(rs.getString("arch_id"), 1,
                rs.getObject("generation", Integer.class), architectureOf(rs.getString("architecture")),
                rs.getDouble("validation_error"), rs.getObject("test_accuracy", Double.class), rs.getLong("params"),
                rs.getLong("flops")));
        if (!ranked.isEmpty()) {
            return ranked.get(0);
        }

        List<BestArchitecture> searched = jdbc.query("""
                SELECT g.index, c.candidate::text AS candidate
                FROM experiment_generation g
                CROSS JOIN LATERAL jsonb_array_elements(g.population) AS c(candidate)
                WHERE g.experiment_id = :id
                ORDER BY (c.candidate ->> 'error')::double precision, g.index
                LIMIT 1
                """, params, (rs, rowNum) -> {
                    Candidate candidate = SearchJson.mapper().readValue(rs.getString("candidate"), Candidate.class);
                    return new BestArchitecture(candidate.id(), null, rs.getInt("index"), candidate.architecture(),
                            candidate.error(), null, candidate.params(), candidate.flops());
                });
        return searched.isEmpty() ? null : searched.get(0);
    }

    private static GenerationResponse generation(ResultSet rs) throws SQLException {
        List<Candidate> population = SearchJson.mapper().readValue(rs.getString("population"), POPULATION);
        return GenerationResponse.of(rs.getInt("index"), population, instant(rs, "created_at"));
    }

    private static ArchitectureResponse architecture(UUID experimentId, ResultSet rs) throws SQLException {
        String archId = rs.getString("arch_id");
        double validationError = rs.getDouble("validation_error");
        String modelPath = rs.getString("model_path");
        String modelUrl = modelPath == null ? null
                : "/api/v1/experiments/" + experimentId + "/architectures/" + archId + "/model";
        return new ArchitectureResponse(rs.getInt("rank"), archId, architectureOf(rs.getString("architecture")),
                validationError, 1 - validationError, rs.getObject("test_accuracy", Double.class), rs.getLong("params"),
                rs.getLong("flops"), modelUrl, rs.getString("model_sha256"));
    }

    private static Architecture architectureOf(String json) {
        return SearchJson.parseArchitecture(json);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    record ExperimentHeader(String name, ExperimentStatus status) {
    }

    /**
     * An exported model as the database records it.
     *
     * @param path relative to the artifact store's root
     */
    record StoredModel(String experimentName, String archId, String path, String sha256) {
    }

    record MetricRow(String phase, Integer spaceStep, int epoch, long step, String name, double value,
                     Instant recordedAt) {
    }
}
