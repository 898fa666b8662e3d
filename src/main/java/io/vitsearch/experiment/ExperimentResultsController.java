package io.vitsearch.experiment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vitsearch.api.ApiRoleCondition;
import io.vitsearch.api.ProblemResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints for the recorded results of an experiment: space steps, generations, ranked architectures, metrics. */
@RestController
@Conditional(ApiRoleCondition.class)
@RequestMapping(path = "/api/v1/experiments/{id}")
@Tag(name = "results", description = "Space-evolution steps, generations, best architectures and training curves")
class ExperimentResultsController {

    static final String TEXT_CSV = "text/csv";

    private static final String PROBLEM = "application/problem+json";

    private static final String CSV_HEADER = "phase,spaceStep,epoch,step,name,value,recordedAt\n";

    private final ExperimentResults results;

    ExperimentResultsController(ExperimentResults results) {
        this.results = results;
    }

    @Operation(summary = "List the space-evolution steps",
            description = "Per step: the space before and after, its E-T error, and per dimension the E-T error of"
                    + " each choice, the fitted slope, the decision (UP, DOWN or KEEP) and its reason.")
    @ApiResponse(responseCode = "200", description = "The recorded steps, first step first; empty before the first"
            + " step finishes", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = SpaceStepList.class),
            examples = @ExampleObject(name = "one-step", value = ApiExamples.SPACE_STEPS)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping(path = "/space-steps", produces = MediaType.APPLICATION_JSON_VALUE)
    SpaceStepList spaceSteps(@PathVariable UUID id) {
        return results.spaceSteps(id);
    }

    @Operation(summary = "List the generations of the evolutionary search",
            description = "Each generation's population with validation error, parameters, FLOPs, origin (random,"
                    + " mutation or crossover) and parent ids.")
    @ApiResponse(responseCode = "200", description = "The recorded generations, first generation first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = GenerationList.class),
                    examples = @ExampleObject(name = "first-generation", value = ApiExamples.GENERATIONS)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping(path = "/generations", produces = MediaType.APPLICATION_JSON_VALUE)
    GenerationList generations(@PathVariable UUID id) {
        return results.generations(id);
    }

    @Operation(summary = "Get one generation of the evolutionary search")
    @ApiResponse(responseCode = "200", description = "The generation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = GenerationResponse.class),
                    examples = @ExampleObject(name = "generation", value = ApiExamples.GENERATION)))
    @ApiResponse(responseCode = "400", description = "The generation number is not a non-negative integer",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id, or it has not recorded this generation",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class),
                    examples = @ExampleObject(name = "no-such-generation", value = ApiExamples.GENERATION_NOT_FOUND)))
    @GetMapping(path = "/generations/{n}", produces = MediaType.APPLICATION_JSON_VALUE)
    GenerationResponse generation(@PathVariable UUID id,
            @Parameter(description = "Generation number; 0 is the random initial population")
            @PathVariable("n") @Min(0) int n) {
        return results.generation(id, n);
    }

    @Operation(summary = "List the best architectures",
            description = "Ranked by validation error, rank 1 first, with test accuracy, parameters, FLOPs and the"
                    + " URL of the exported model once it exists.")
    @ApiResponse(responseCode = "200", description = "The best architectures; empty before the search ranks them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ArchitectureList.class),
                    examples = @ExampleObject(name = "top-1", value = ApiExamples.ARCHITECTURES)))
    @ApiResponse(responseCode = "400", description = "top is not an integer from 1 to 100",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping(path = "/architectures", produces = MediaType.APPLICATION_JSON_VALUE)
    ArchitectureList architectures(@PathVariable UUID id,
            @Parameter(description = "Only the best k, 1 to 100; all recorded architectures when absent")
            @RequestParam(required = false) @Min(1) @Max(100) Integer top) {
        return results.architectures(id, top);
    }

    @Operation(summary = "Get the training curves",
            description = "JSON groups the points by metric name. With Accept: text/csv the response is one CSV row"
                    + " per point in recording order, under the header " + "phase,spaceStep,epoch,step,name,value,"
                    + "recordedAt; an empty spaceStep means the final supernet. Metric names: train-loss,"
                    + " learning-rate, images-per-second and epoch-end; the MetricSeries schema defines each.")
    @ApiResponse(responseCode = "200", description = "The curves",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = MetricsResponse.class),
                            examples = @ExampleObject(name = "train-loss", value = ApiExamples.METRICS)),
                    @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "csv", value = ApiExamples.METRICS_CSV))})
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "406", description = "Accept allows neither JSON nor CSV",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping(path = "/metrics", produces = {MediaType.APPLICATION_JSON_VALUE, TEXT_CSV})
    ResponseEntity<Object> metrics(@PathVariable UUID id,
            @Parameter(description = "Only the curve of this metric: train-loss, learning-rate, images-per-second or"
                    + " epoch-end")
            @RequestParam(required = false) String name,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!prefersCsv(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(results.metrics(id, name));
        }

        results.header(id);
        // NOTE: the CSV is built in memory; a run with millions of points would need a streamed body.
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        results.forEachMetric(id, name, row -> csv
                .append(csvField(row.phase())).append(',')
                .append(row.spaceStep() == null ? "" : row.spaceStep()).append(',')
                .append(row.epoch()).append(',')
                .append(row.step()).append(',')
                .append(csvField(row.name())).append(',')
                .append(row.value()).append(',')
                .append(row.recordedAt()).append('\n'));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString());
    }

    /** Returns true when Accept ranks CSV above JSON; JSON wins ties such as a missing header or {@code *}/{@code *}. */
    private static boolean prefersCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> accepted = MediaType.parseMediaTypes(accept);
        return quality(accepted, MediaType.parseMediaType(TEXT_CSV)) > quality(accepted, MediaType.APPLICATION_JSON);
    }

    private static double quality(List<MediaType> accepted, MediaType type) {
        return accepted.stream().filter(candidate -> candidate.includes(type))
                .mapToDouble(MediaType::getQualityValue)
                .max()
                .orElse(0);
    }

    /** Quotes a field that contains a comma, quote or line break, as RFC 4180 requires. */
    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
