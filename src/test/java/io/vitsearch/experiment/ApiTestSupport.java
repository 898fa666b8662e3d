package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared set-up of the HTTP API tests: MockMvc, an empty database per test, and problem assertions.
 * The process has only the api role, so no worker runs the submitted experiments while a test
 * inspects them.
 */
@SpringBootTest(properties = "vitsearch.roles=api")
@AutoConfigureMockMvc
public abstract class ApiTestSupport extends DatabaseTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected static final String EXPERIMENTS = "/api/v1/experiments";

    /** The spec of the API description's example; every test starts from a fresh copy. */
    protected static final String VALID_SPEC = """
            {
              "name": "fashion-quick",
              "dataset": { "name": "fashion-mnist", "validationFraction": 0.1 },
              "space": {
                "family": "vit",
                "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                "embedDim": [48, 64, 96], "depth": [2, 3, 4],
                "numHeads": [2, 3, 4], "mlpRatio": [2.0, 3.0, 4.0], "qkvDim": [48, 72, 96]
              },
              "supernet": { "epochs": 3, "batchSize": 128, "learningRate": 0.001, "weightDecay": 0.05,
                            "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
              "spaceEvolution": { "steps": 1, "etSamples": 100, "etTopK": 10, "slopeThreshold": 0.002 },
              "evolution": { "population": 20, "generations": 5, "parents": 5, "mutations": 10,
                             "crossovers": 10, "mutationProbability": 0.2 },
              "constraints": { "minParams": 50000, "maxParams": 400000 },
              "topK": 3,
              "seed": 42,
              "priority": 0
            }
            """;

    private static final Path PACKAGE_ROOT = builtInDatasetStubs();

    /** Artifacts of every API test JVM go to a temporary folder, never to the user's home. */
    protected static final Path ARTIFACT_ROOT = temporaryFolder("vitsearch-artifacts");

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JdbcTemplate jdbc;

    /**
     * Points the built-in datasets at empty marker files, so that specs naming {@code fashion-mnist}
     * or {@code mnist} validate whether or not the dataset packages are installed, and the artifact
     * store at a temporary folder. No API test reads the images.
     */
    @DynamicPropertySource
    static void testFolders(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.datasets.package-root", PACKAGE_ROOT::toString);
        registry.add("vitsearch.artifacts.directory", ARTIFACT_ROOT::toString);
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary folder " + prefix, e);
        }
    }

    private static Path builtInDatasetStubs() {
        try {
            Path root = Files.createTempDirectory("vitsearch-packages");
            for (String name : List.of("fashion-mnist", "mnist")) {
                Files.createFile(Files.createDirectories(root.resolve(name)).resolve("train-images-idx3-ubyte"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create dataset stubs", e);
        }
    }

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM job");
        jdbc.update("DELETE FROM experiment");
    }

    protected static ObjectNode validSpec() {
        return (ObjectNode) JSON.readTree(VALID_SPEC);
    }

    protected ResultActions submit(JsonNode spec) throws Exception {
        return mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(spec)));
    }

    /** Submits a valid spec under {@code name} and returns the new experiment's id. */
    protected UUID submitted(String name) throws Exception {
        ObjectNode spec = validSpec();
        spec.put("name", name);
        String body = submit(spec).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JSON.readTree(body).get("id").asString());
    }

    protected int experimentRows() {
        return jdbc.queryForObject("SELECT count(*) FROM experiment", Integer.class);
    }

    protected int jobRows() {
        return jdbc.queryForObject("SELECT count(*) FROM job", Integer.class);
    }

    protected void assertNothingWritten() {
        assertThat(experimentRows()).as("experiment rows").isZero();
        assertThat(jobRows()).as("job rows").isZero();
    }

    /** Checks the members every problem response carries, and returns the result for further checks. */
    protected static ResultActions expectProblem(ResultActions result, int httpStatus, String type, String instance)
            throws Exception {
        return result.andExpect(status().is(httpStatus))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:vitsearch:problem:" + type))
                .andExpect(jsonPath("$.title").value(not(emptyOrNullString())))
                .andExpect(jsonPath("$.status").value(httpStatus))
                .andExpect(jsonPath("$.detail").value(not(emptyOrNullString())))
                .andExpect(jsonPath("$.instance").value(instance));
    }

    /** Moves an experiment straight to {@code status}, standing in for the worker and the queue. */
    protected void forceStatus(UUID id, ExperimentStatus status) {
        jdbc.update("UPDATE experiment SET status = ? WHERE id = ?", status.name(), id);
        String jobState = switch (status) {
            case QUEUED -> "QUEUED";
            case RUNNING, CANCELLING -> "RUNNING";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> "FAILED";
            case CANCELLED -> "CANCELLED";
        };
        jdbc.update("UPDATE job SET state = ? WHERE experiment_id = ?", jobState, id);
    }
}
