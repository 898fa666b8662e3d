package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vitsearch.artifact.ArtifactProperties;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.pipeline.EventStreamConnection.ServerSentEvent;
import io.vitsearch.search.SearchJson;
import io.vitsearch.supernet.StandaloneVitModel;
import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One experiment through the REST API of a real server on 127.0.0.1, with the application's own
 * worker training a DJL supernet on a tiny synthetic IDX dataset. The run happens once, before
 * the tests. It registers the dataset, submits the spec, follows the event stream, drops the
 * connection midway and reconnects with Last-Event-ID until the experiment has succeeded. Each
 * test then reads report endpoints and checks them against the spec, the events and each other.
 *
 * <p>The context is closed after the class, so its worker, server and connection pool do not stay
 * cached for the rest of the test JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "vitsearch.roles=api,worker",
        "vitsearch.worker.devices=cpu",
        "vitsearch.worker.poll-interval=50ms",
        "vitsearch.worker.heartbeat-interval=1s",
        "vitsearch.pipeline.metrics-every-steps=4",
        "vitsearch.pipeline.evaluation-chunk-size=3",
        "vitsearch.events.poll-interval=50ms"
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EndToEndApiTest extends DatabaseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path ROOT = temporaryRoot();

    private static final int EPOCHS = 2;

    private static final int GENERATIONS = 3;

    private static final int POPULATION = 6;

    private static final int TOP_K = 2;

    private static final double LEARNING_RATE = 0.005;

    private static final int IMAGE_SIZE = 8;

    private static final String SPACE = """
            { "family": "vit", "imageSize": 8, "channels": 1, "patchSize": 4, "numClasses": 3,
              "embedDim": [8, 12], "depth": [1, 2], "numHeads": [1, 2], "mlpRatio": [1.0, 2.0], "qkvDim": [4, 8] }
            """;

    /** A slope threshold of 0 moves every dimension with a nonzero slope, unless a hard bound blocks the move. */
    private static final String SPEC = """
            {
              "name": "end-to-end",
              "dataset": { "name": "bands", "validationFraction": 0.2 },
              "space": %s,
              "supernet": { "epochs": %d, "batchSize": 16, "learningRate": %s, "weightDecay": 0.05,
                            "warmupEpochs": 1, "labelSmoothing": 0.1, "subnetsPerStep": 1 },
              "spaceEvolution": { "steps": 1, "etSamples": 8, "etTopK": 3, "slopeThreshold": 0.0 },
              "evolution": { "population": %d, "generations": %d, "parents": 2, "mutations": 2,
                             "crossovers": 2, "mutationProbability": 0.5 },
              "topK": %d,
              "seed": 7
            }
            """.formatted(SPACE, EPOCHS, LEARNING_RATE, POPULATION, GENERATIONS, TOP_K);

    private static final Set<String> PHASES_AFTER_TRAINING = Set.of("EVOLUTIONARY_SEARCH", "EXPORTING", "DONE");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @LocalServerPort
    int port;

    private HttpResponse<String> submission;

    private UUID experimentId;

    private final List<ServerSentEvent> beforeDisconnect = new ArrayList<>();

    private final List<ServerSentEvent> afterReconnect = new ArrayList<>();

    private double runSeconds;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.artifacts.directory", () -> ROOT.resolve("artifacts").toString());
        registry.add("vitsearch.datasets.allowed-roots", () -> ROOT.resolve("datasets").toString());
    }

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void runExperimentWhileFollowingEvents() throws Exception {
        long started = System.nanoTime();
        Path folder = ROOT.resolve("datasets").resolve(PipelineHarness.DATASET);
        PipelineHarness.writeBandsDataset(folder, 240, 60);
        HttpResponse<String> registered = post("/api/v1/datasets", """
                {"name": "%s", "format": "IDX", "path": "%s"}""".formatted(PipelineHarness.DATASET, folder));
        assertThat(registered.statusCode()).as("dataset registration: %s", registered.body()).isEqualTo(201);

        submission = post("/api/v1/experiments", SPEC);
        assertThat(submission.statusCode()).as("submission: %s", submission.body()).isEqualTo(201);
        experimentId = UUID.fromString(JSON.readTree(submission.body()).get("id").asString());
        URI events = uri("/api/v1/experiments/" + experimentId + "/events");

        // Reads until the first epoch ends, so the connection drops in the middle of supernet training.
        try (EventStreamConnection stream = EventStreamConnection.open(client, events, null)) {
            Optional<ServerSentEvent> event;
            do {
                event = stream.next();
                event.ifPresent(beforeDisconnect::add);
            } while (event.isPresent() && !event.get().type().equals("epoch"));
        }
        assertThat(beforeDisconnect).as("events before the first epoch ended").isNotEmpty();
        assertThat(last(beforeDisconnect).type()).as("event at which the client disconnects").isEqualTo("epoch");

        // Lets the run go on while no client listens, so the reconnect has to catch up.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode experiment = getJson("/api/v1/experiments/" + experimentId);
            return PHASES_AFTER_TRAINING.contains(experiment.path("phase").asString(""))
                    || isFinished(experiment.get("status").asString());
        });

        try (EventStreamConnection stream = EventStreamConnection.open(client, events, last(beforeDisconnect).id())) {
            for (Optional<ServerSentEvent> event = stream.next(); event.isPresent(); event = stream.next()) {
                afterReconnect.add(event.get());
            }
        }
        runSeconds = (System.nanoTime() - started) / 1e9;
    }

    @AfterAll
    void deleteRoot() throws IOException {
        ArtifactStore files = new ArtifactStore(new ArtifactProperties(ROOT));
        files.deleteTree("artifacts");
        files.deleteTree("datasets");
        files.deleteTree("downloads");
        Files.deleteIfExists(ROOT);
    }

    @Test
    void submissionCreatesQueuedExperiment() {
        JsonNode body = JSON.readTree(submission.body());

        assertThat(submission.headers().firstValue("Location"))
                .hasValue("/api/v1/experiments/" + experimentId);
        assertThat(body.get("status").asString()).isEqualTo("QUEUED");
        assertThat(body.get("spec").get("space")).isEqualTo(JSON.readTree(SPACE));
        assertThat(body.get("spec").get("evolution").get("generations").asInt()).isEqualTo(GENERATIONS);
    }

    @Test
    void experimentSucceeds() {
        JsonNode experiment = getJson("/api/v1/experiments/" + experimentId);

        assertThat(experiment.get("status").asString()).as("failure reason: %s", experiment.get("failureReason"))
                .isEqualTo("SUCCEEDED");
        assertThat(experiment.get("failureReason").isNull()).isTrue();
        assertThat(experiment.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(experiment.get("timings").get("finishedAt").isNull()).isFalse();
        assertThat(runSeconds).as("seconds from dataset registration to the end of the event stream")
                .isLessThan(120);
    }

    @Test
    void reconnectMissesAndRepeatsNoEvent() throws Exception {
        List<ServerSentEvent> replayed = new ArrayList<>();
        try (EventStreamConnection stream = EventStreamConnection.open(client,
                uri("/api/v1/experiments/" + experimentId + "/events"), null)) {
            for (Optional<ServerSentEvent> event = stream.next(); event.isPresent(); event = stream.next()) {
                replayed.add(event.get());
            }
        }
        List<ServerSentEvent> received = new ArrayList<>(beforeDisconnect);
        received.addAll(afterReconnect);

        assertThat(afterReconnect).as("events after the reconnect").isNotEmpty();
        assertThat(afterReconnect.get(0).id()).isGreaterThan(last(beforeDisconnect).id());
        assertThat(received).extracting(ServerSentEvent::id).doesNotHaveDuplicates().isSorted();
        assertThat(received).as("events received across the reconnect, against a full replay")
                .containsExactlyElementsOf(replayed);
        assertThat(beforeDisconnect).extracting(ServerSentEvent::type).doesNotContain("completed");
        assertThat(afterReconnect).extracting(ServerSentEvent::type).contains("space-step", "generation");
    }

    @Test
    void eventsCoverWholeRun() {
        List<ServerSentEvent> events = allEvents();
        boolean moved = spaceStep().get("moved").asBoolean();
        List<String> expectedPhases = new ArrayList<>(List.of("TRAINING_SUPERNET", "SPACE_EVOLUTION"));
        if (moved) {
            expectedPhases.add("FINAL_TRAINING");
        }
        expectedPhases.addAll(List.of("EVOLUTIONARY_SEARCH", "EXPORTING", "DONE"));

        ServerSentEvent first = events.get(0);
        assertThat(first.type()).isEqualTo("status");
        assertThat(first.data().get("status").asString()).isEqualTo("RUNNING");
        assertThat(first.data().get("previousStatus").asString()).isEqualTo("QUEUED");
        assertThat(ofType(events, "phase")).extracting(event -> event.data().get("phase").asString())
                .containsExactlyElementsOf(expectedPhases);
        assertThat(ofType(events, "epoch")).as("one epoch event per epoch of every trained supernet")
                .hasSize(EPOCHS * (moved ? 2 : 1));
        assertThat(ofType(events, "space-step")).extracting(event -> event.data().get("spaceStep").asInt())
                .containsExactly(0);
        assertThat(ofType(events, "generation")).extracting(event -> event.data().get("generation").asInt())
                .containsExactly(0, 1, 2);
        assertThat(ofType(events, "architecture")).extracting(event -> event.data().get("rank").asInt())
                .contains(1, 2);

        ServerSentEvent completed = last(events);
        assertThat(completed.type()).isEqualTo("completed");
        assertThat(completed.data().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(completed.data().get("previousStatus").asString()).isEqualTo("RUNNING");
        assertThat(Instant.parse(completed.data().get("finishedAt").asString())).isEqualTo(Instant.parse(
                getJson("/api/v1/experiments/" + experimentId).get("timings").get("finishedAt").asString()));
    }

    @Test
    void eventsAgreeWithReports() {
        List<ServerSentEvent> events = allEvents();
        JsonNode step = spaceStep();
        JsonNode stepEvent = ofType(events, "space-step").get(0).data();
        List<String> movedDimensions = new ArrayList<>();
        for (JsonNode dimension : step.get("dimensions")) {
            if (!dimension.get("decision").asString().equals("KEEP")) {
                movedDimensions.add(dimension.get("name").asString());
            }
        }

        assertThat(stepEvent.get("etError").asDouble()).isCloseTo(step.get("etError").asDouble(), within(1e-12));
        assertThat(stepEvent.get("moved").asBoolean()).isEqualTo(step.get("moved").asBoolean());
        assertThat(strings(stepEvent.get("movedDimensions"))).isEqualTo(movedDimensions);

        JsonNode generations = getJson("/api/v1/experiments/" + experimentId + "/generations").get("generations");
        List<ServerSentEvent> generationEvents = ofType(events, "generation");
        for (int n = 0; n < GENERATIONS; n++) {
            JsonNode event = generationEvents.get(n).data();
            JsonNode generation = generations.get(n);
            assertThat(event.get("size").asInt()).as("generation %d size", n).isEqualTo(generation.get("size").asInt());
            assertThat(event.get("bestArchId").asString()).as("generation %d best", n)
                    .isEqualTo(generation.get("bestArchId").asString());
            assertThat(event.get("bestValidationError").asDouble()).as("generation %d best error", n)
                    .isCloseTo(generation.get("bestValidationError").asDouble(), within(1e-12));
        }

        List<JsonNode> epochEnds = points(getJson("/api/v1/experiments/" + experimentId + "/metrics?name=epoch-end"),
                "epoch-end");
        List<ServerSentEvent> epochEvents = ofType(events, "epoch");
        assertThat(epochEvents).hasSameSizeAs(epochEnds);
        for (int i = 0; i < epochEvents.size(); i++) {
            JsonNode event = epochEvents.get(i).data();
            JsonNode point = epochEnds.get(i);
            for (String field : List.of("phase", "spaceStep", "epoch", "step")) {
                assertThat(event.get(field)).as("epoch event %d %s", i, field).isEqualTo(point.get(field));
            }
            assertThat(event.get("value").asDouble()).as("epoch event %d value", i)
                    .isCloseTo(point.get("value").asDouble(), within(1e-12));
        }

        Map<Integer, JsonNode> lastArchitectureEvent = new HashMap<>();
        ofType(events, "architecture").forEach(event -> lastArchitectureEvent.put(event.data().get("rank").asInt(),
                event.data()));
        for (JsonNode ranked : architectures(null)) {
            JsonNode event = lastArchitectureEvent.get(ranked.get("rank").asInt());
            assertThat(event.get("archId").asString()).isEqualTo(ranked.get("archId").asString());
            assertThat(event.get("validationError").asDouble())
                    .isCloseTo(ranked.get("validationError").asDouble(), within(1e-12));
            assertThat(event.get("testAccuracy").asDouble())
                    .isCloseTo(ranked.get("testAccuracy").asDouble(), within(1e-12));
            assertThat(event.get("modelExported").asBoolean()).isTrue();
        }
    }

    @Test
    void bestOnExperimentIsTopArchitecture() {
        JsonNode best = getJson("/api/v1/experiments/" + experimentId).get("best");
        JsonNode top = architectures(1).get(0);

        assertThat(best.get("rank").asInt()).isEqualTo(1);
        assertThat(best.get("generation").isInt()).isTrue();
        JsonNode firstGeneration = getJson("/api/v1/experiments/" + experimentId + "/generations/"
                + best.get("generation").asInt()).get("population");
        assertThat(firstGeneration.findValuesAsString("archId")).contains(best.get("archId").asString());
        for (String field : List.of("archId", "architecture", "validationError", "testAccuracy", "params", "flops")) {
            assertThat(best.get(field)).as(field).isEqualTo(top.get(field));
        }
    }

    @Test
    void spaceStepMatchesSpec() {
        JsonNode steps = getJson("/api/v1/experiments/" + experimentId + "/space-steps").get("spaceSteps");
        JsonNode step = steps.get(0);
        boolean anyMoved = false;

        assertThat(steps.size()).as("spaceEvolution.steps").isEqualTo(1);
        assertThat(step.get("spaceStep").asInt()).isZero();
        assertThat(step.get("before")).isEqualTo(JSON.readTree(SPACE));
        assertThat(step.get("etError").asDouble()).isBetween(0.0, 1.0);
        assertThat(strings(step.get("dimensions"), "name"))
                .containsExactly("embedDim", "depth", "numHeads", "mlpRatio", "qkvDim");
        for (JsonNode dimension : step.get("dimensions")) {
            String name = dimension.get("name").asString();
            JsonNode before = step.get("before").get(name);
            assertThat(dimension.get("stepSize").asDouble()).as("%s step size: the gap of two choices", name)
                    .isEqualTo(before.get(1).asDouble() - before.get(0).asDouble());
            assertThat(dimension.get("after")).as("%s choices after", name).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(dimension.get("after").get(i).asDouble()).as("%s after[%d]", name, i)
                        .isEqualTo(step.get("after").get(name).get(i).asDouble());
            }
            int samples = 0;
            for (JsonNode choice : dimension.get("choices")) {
                samples += choice.get("samples").asInt();
            }
            assertThat(samples).as("%s samples over its choices: spaceEvolution.etSamples", name).isEqualTo(8);
            anyMoved |= !dimension.get("decision").asString().equals("KEEP");
        }
        assertThat(step.get("moved").asBoolean()).isEqualTo(anyMoved);
    }

    @Test
    void generationsMatchSpec() {
        JsonNode generations = getJson("/api/v1/experiments/" + experimentId + "/generations").get("generations");
        JsonNode finalSpace = spaceStep().get("after");
        Set<String> evaluated = new HashSet<>();

        assertThat(generations.size()).as("evolution.generations").isEqualTo(GENERATIONS);
        for (int n = 0; n < GENERATIONS; n++) {
            JsonNode generation = generations.get(n);
            JsonNode population = generation.get("population");
            assertThat(getJson("/api/v1/experiments/" + experimentId + "/generations/" + n))
                    .as("generation %d on its own", n).isEqualTo(generation);
            assertThat(generation.get("generation").asInt()).isEqualTo(n);
            assertThat(generation.get("size").asInt()).isEqualTo(population.size());
            if (n == 0) {
                assertThat(population.size()).as("random initial population").isEqualTo(POPULATION);
            } else {
                assertThat(population.size()).as("generation %d", n).isBetween(1, POPULATION);
            }

            JsonNode best = population.get(0);
            for (JsonNode candidate : population) {
                if (candidate.get("validationError").asDouble() < best.get("validationError").asDouble()) {
                    best = candidate;
                }
            }
            assertThat(generation.get("bestArchId").asString()).isEqualTo(best.get("archId").asString());
            assertThat(generation.get("bestValidationError").asDouble())
                    .isEqualTo(best.get("validationError").asDouble());

            for (JsonNode candidate : population) {
                String archId = candidate.get("archId").asString();
                assertCandidate(candidate, n, evaluated, finalSpace);
                evaluated.add(archId);
            }
        }

        HttpResponse<String> missing = get("/api/v1/experiments/" + experimentId + "/generations/" + GENERATIONS);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void architecturesRankedAcrossGenerations() {
        JsonNode ranked = architectures(TOP_K);
        Map<String, JsonNode> candidates = new LinkedHashMap<>();
        for (JsonNode generation : getJson("/api/v1/experiments/" + experimentId + "/generations").get("generations")) {
            generation.get("population").forEach(candidate -> candidates.put(candidate.get("archId").asString(),
                    candidate));
        }
        double lowestError = candidates.values().stream()
                .mapToDouble(candidate -> candidate.get("validationError").asDouble()).min().orElseThrow();

        assertThat(ranked).as("spec topK").hasSize(TOP_K);
        assertThat(architectures(null)).as("all ranked architectures").hasSize(TOP_K);
        assertThat(architectures(1)).containsExactly(ranked.get(0));
        assertThat(ranked.get(0).get("validationError").asDouble()).isEqualTo(lowestError);
        for (int i = 0; i < ranked.size(); i++) {
            JsonNode architecture = ranked.get(i);
            String archId = architecture.get("archId").asString();
            JsonNode candidate = candidates.get(archId);
            assertThat(architecture.get("rank").asInt()).isEqualTo(i + 1);
            assertThat(candidate).as("ranked %s among the evaluated candidates", archId).isNotNull();
            for (String field : List.of("architecture", "validationError", "params", "flops")) {
                assertThat(architecture.get(field)).as("rank %d %s", i + 1, field).isEqualTo(candidate.get(field));
            }
            assertThat(architecture.get("validationAccuracy").asDouble())
                    .isCloseTo(1 - architecture.get("validationError").asDouble(), within(1e-12));
            assertThat(architecture.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(architecture.get("modelUrl").asString()).isEqualTo(
                    "/api/v1/experiments/" + experimentId + "/architectures/" + archId + "/model");
            assertThat(architecture.get("modelSha256").asString()).matches("[0-9a-f]{64}");
            if (i > 0) {
                assertThat(architecture.get("validationError").asDouble())
                        .isGreaterThanOrEqualTo(ranked.get(i - 1).get("validationError").asDouble());
            }
        }
    }

    @Test
    void metricsJsonAndCsvAgree() {
        JsonNode series = getJson("/api/v1/experiments/" + experimentId + "/metrics").get("series");
        HttpResponse<String> csv = send(HttpRequest.newBuilder(uri("/api/v1/experiments/" + experimentId + "/metrics"))
                .header("Accept", "text/csv").GET().build());
        String[] lines = csv.body().split("\n");
        Map<String, List<String[]>> rowsByName = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] row = lines[i].split(",", -1);
            rowsByName.computeIfAbsent(row[4], name -> new ArrayList<>()).add(row);
        }

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv"));
        assertThat(lines[0]).isEqualTo("phase,spaceStep,epoch,step,name,value,recordedAt");
        assertThat(strings(series, "name"))
                .containsExactlyInAnyOrder("train-loss", "learning-rate", "images-per-second", "epoch-end");
        assertThat(rowsByName.keySet()).containsExactlyInAnyOrderElementsOf(strings(series, "name"));
        for (JsonNode curve : series) {
            String name = curve.get("name").asString();
            List<String[]> rows = rowsByName.get(name);
            assertThat(rows).as("CSV rows of %s", name).hasSize(curve.get("points").size());
            for (int i = 0; i < rows.size(); i++) {
                assertCsvRowIsPoint(rows.get(i), curve.get("points").get(i), name + " point " + i);
            }
            for (JsonNode point : curve.get("points")) {
                assertMetricValue(name, point);
            }
        }
    }

    @Test
    void modelZipMatchesArchitecture() throws Exception {
        JsonNode top = architectures(1).get(0);
        HttpResponse<byte[]> download = downloadModel(top);
        byte[] zip = download.body();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        Map<String, byte[]> entries = unzip(zip);
        JsonNode metrics = JSON.readTree(entries.get("metrics.json"));

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(download.headers().firstValue("X-Checksum-SHA256")).hasValue(sha256);
        assertThat(sha256).isEqualTo(top.get("modelSha256").asString());
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(download.headers().firstValue("Digest")).hasValue(
                "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)));
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"end-to-end-" + top.get("archId").asString() + ".zip\"");
        assertThat(entries.keySet()).containsExactlyInAnyOrder("config.json", "model.safetensors", "metrics.json");
        assertThat(JSON.readTree(entries.get("config.json"))).isEqualTo(top.get("architecture"));
        assertThat(metrics.get("rank").asInt()).isEqualTo(1);
        for (String field : List.of("validationError", "testAccuracy", "params", "flops")) {
            assertThat(metrics.get(field)).as("metrics.json %s", field).isEqualTo(top.get(field));
        }
        assertThat(strings(metrics.get("classNames"))).containsExactly("0", "1", "2");

        HttpResponse<String> complexity = post("/api/v1/complexity",
                new String(entries.get("config.json"), StandardCharsets.UTF_8));
        assertThat(complexity.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(complexity.body()).get("params")).isEqualTo(top.get("params"));
        assertThat(JSON.readTree(complexity.body()).get("flops")).isEqualTo(top.get("flops"));

        Path file = Files.createDirectories(ROOT.resolve("downloads")).resolve("model.zip");
        Files.write(file, zip);
        try (StandaloneVitModel model = StandaloneVitModel.load(file, Device.cpu())) {
            assertThat(JSON.readTree(SearchJson.canonical(model.architecture()))).isEqualTo(top.get("architecture"));
            assertThat(model.parameterCount()).as("tensor sizes against the analytic count")
                    .isEqualTo(top.get("params").asLong());
        }
    }

    @Test
    void localAndServedPredictionsAgree() throws Exception {
        JsonNode top = architectures(1).get(0);
        Path file = Files.createDirectories(ROOT.resolve("downloads")).resolve("predict.zip");
        Files.write(file, downloadModel(top).body());
        JsonNode metrics = JSON.readTree(unzip(Files.readAllBytes(file)).get("metrics.json"));
        float mean = metrics.get("normalizationMean").get(0).floatValue();
        float std = metrics.get("normalizationStd").get(0).floatValue();
        List<BufferedImage> images = List.of(band(0), band(1), band(2));

        float[] pixels = new float[images.size() * IMAGE_SIZE * IMAGE_SIZE];
        for (int i = 0; i < images.size(); i++) {
            for (int y = 0; y < IMAGE_SIZE; y++) {
                for (int x = 0; x < IMAGE_SIZE; x++) {
                    int sample = images.get(i).getRaster().getSample(x, y, 0);
                    pixels[(i * IMAGE_SIZE + y) * IMAGE_SIZE + x] = (sample / 255f - mean) / std;
                }
            }
        }
        float[] probabilities;
        int[] classes;
        try (StandaloneVitModel model = StandaloneVitModel.load(file, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            probabilities = model.logits(manager.create(pixels, new Shape(images.size(), 1, IMAGE_SIZE, IMAGE_SIZE)))
                    .softmax(1).toFloatArray();
            classes = model.classify(pixels, images.size());
        }

        HttpResponse<String> served = predict(top.get("archId").asString(), images);
        assertThat(served.statusCode()).as("predict: %s", served.body()).isEqualTo(200);
        JsonNode response = JSON.readTree(served.body());
        assertThat(response.get("archId").asString()).isEqualTo(top.get("archId").asString());
        assertThat(response.get("images")).hasSize(images.size());
        for (int i = 0; i < images.size(); i++) {
            JsonNode image = response.get("images").get(i);
            JsonNode predictions = image.get("predictions");
            assertThat(image.get("image").asString()).isEqualTo("band-" + i + ".png");
            assertThat(predictions).as("image %d: one entry per class", i).hasSize(3);
            assertThat(predictions.get(0).get("classIndex").asInt()).as("image %d top class", i).isEqualTo(classes[i]);
            for (JsonNode prediction : predictions) {
                int classIndex = prediction.get("classIndex").asInt();
                assertThat(prediction.get("className").asString()).isEqualTo(Integer.toString(classIndex));
                assertThat(prediction.get("probability").asDouble()).as("image %d class %d", i, classIndex)
                        .isCloseTo(probabilities[i * 3 + classIndex], within(1e-5));
            }
        }
    }

    /** Checks one population member: its fields, its parents among earlier generations, and the final space. */
    private static void assertCandidate(JsonNode candidate, int generation, Set<String> evaluatedBefore,
            JsonNode space) {
        String archId = candidate.get("archId").asString();
        String origin = candidate.get("origin").asString();
        List<String> parents = strings(candidate.get("parentArchIds"));
        JsonNode architecture = candidate.get("architecture");

        assertThat(evaluatedBefore).as("%s evaluated only once", archId).doesNotContain(archId);
        assertThat(candidate.get("validationError").asDouble()).isBetween(0.0, 1.0);
        assertThat(candidate.get("params").asLong()).isPositive();
        assertThat(candidate.get("flops").asLong()).isPositive();
        assertThat(candidate.has("id")).as("old name id").isFalse();
        assertThat(candidate.has("error")).as("old name error").isFalse();
        if (generation == 0) {
            assertThat(origin).isEqualTo("random");
        }
        int expectedParents = switch (origin) {
            case "random" -> 0;
            case "mutation" -> 1;
            case "crossover" -> 2;
            default -> throw new AssertionError("unknown origin " + origin + " of " + archId);
        };
        assertThat(parents).as("parents of %s %s", origin, archId).hasSize(expectedParents);
        assertThat(evaluatedBefore).as("parents of %s from earlier generations", archId).containsAll(parents);

        assertThat(architecture.get("layers")).hasSize(architecture.get("depth").asInt());
        assertThat(doubles(space.get("embedDim"))).contains(architecture.get("embedDim").asDouble());
        assertThat(doubles(space.get("depth"))).contains(architecture.get("depth").asDouble());
        for (JsonNode layer : architecture.get("layers")) {
            assertThat(doubles(space.get("numHeads"))).contains(layer.get("numHeads").asDouble());
            assertThat(doubles(space.get("mlpRatio"))).contains(layer.get("mlpRatio").asDouble());
            assertThat(doubles(space.get("qkvDim"))).contains(layer.get("qkvDim").asDouble());
        }
    }

    private static void assertCsvRowIsPoint(String[] row, JsonNode point, String description) {
        assertThat(row).as(description).hasSize(7);
        assertThat(row[0]).as(description + " phase").isEqualTo(point.get("phase").asString());
        assertThat(row[1]).as(description + " spaceStep")
                .isEqualTo(point.get("spaceStep").isNull() ? "" : point.get("spaceStep").asString());
        assertThat(Integer.parseInt(row[2])).as(description + " epoch").isEqualTo(point.get("epoch").asInt());
        assertThat(Long.parseLong(row[3])).as(description + " step").isEqualTo(point.get("step").asLong());
        assertThat(Double.parseDouble(row[5])).as(description + " value").isEqualTo(point.get("value").asDouble());
        assertThat(Instant.parse(row[6])).as(description + " recordedAt")
                .isEqualTo(Instant.parse(point.get("recordedAt").asString()));
    }

    private static void assertMetricValue(String name, JsonNode point) {
        double value = point.get("value").asDouble();
        assertThat(point.get("epoch").asInt()).as("%s epoch", name).isBetween(0, EPOCHS - 1);
        switch (name) {
            case "train-loss", "epoch-end" -> assertThat(value).as("%s: a cross-entropy", name).isBetween(0.0, 10.0);
            case "learning-rate" -> assertThat(value).as("learning rate up to the spec's peak")
                    .isGreaterThan(0).isLessThanOrEqualTo(LEARNING_RATE);
            case "images-per-second" -> assertThat(value).as("training throughput").isPositive();
            default -> throw new AssertionError("undocumented metric " + name);
        }
    }

    private List<ServerSentEvent> allEvents() {
        List<ServerSentEvent> events = new ArrayList<>(beforeDisconnect);
        events.addAll(afterReconnect);
        return events;
    }

    private JsonNode spaceStep() {
        return getJson("/api/v1/experiments/" + experimentId + "/space-steps").get("spaceSteps").get(0);
    }

    /** Returns the ranked architectures, the best {@code top} or all when {@code top} is null. */
    private JsonNode architectures(Integer top) {
        String query = top == null ? "" : "?top=" + top;
        return getJson("/api/v1/experiments/" + experimentId + "/architectures" + query).get("architectures");
    }

    private HttpResponse<byte[]> downloadModel(JsonNode architecture) {
        HttpRequest request = HttpRequest.newBuilder(uri(architecture.get("modelUrl").asString())).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the images as multipart parts named image, the way a browser form would. */
    private HttpResponse<String> predict(String archId, List<BufferedImage> images) throws IOException {
        String boundary = "vitsearch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < images.size(); i++) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"band-" + i
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ImageIO.write(images.get(i), "png", body);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        return send(HttpRequest.newBuilder(uri("/api/v1/experiments/" + experimentId + "/architectures/" + archId
                        + "/predict?top=3"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    /** Returns an 8x8 image like the training images of class {@code label}: its band of rows brighter. */
    private static BufferedImage band(int label) {
        BufferedImage image = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < IMAGE_SIZE; y++) {
            for (int x = 0; x < IMAGE_SIZE; x++) {
                int value = (y / 3 == label ? 170 : 100) + (x * 7 + y * 13) % 30;
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " returned " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static List<ServerSentEvent> ofType(List<ServerSentEvent> events, String type) {
        return events.stream().filter(event -> event.type().equals(type)).toList();
    }

    private static List<JsonNode> points(JsonNode metrics, String name) {
        for (JsonNode series : metrics.get("series")) {
            if (series.get("name").asString().equals(name)) {
                List<JsonNode> points = new ArrayList<>();
                series.get("points").forEach(points::add);
                return points;
            }
        }
        throw new AssertionError("no " + name + " series in " + metrics);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.get(field).asString()));
        return values;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static boolean isFinished(String status) {
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("vitsearch-end-to-end-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
