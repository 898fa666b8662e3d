package io.vitsearch.experiment;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vitsearch.api.ApiRoleCondition;
import io.vitsearch.api.InvalidRequestException;
import io.vitsearch.api.ProblemResponse;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.search.Violation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Conditional(ApiRoleCondition.class)
@RequestMapping(path = "/api/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "experiments", description = "Submit, follow, cancel and retry architecture searches")
class ExperimentController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    private static final String PROBLEM = "application/problem+json";

    private final ExperimentService service;

    private final ExperimentSpecReader specReader;

    private final ExperimentResults results;

    ExperimentController(ExperimentService service, ExperimentSpecReader specReader, ExperimentResults results) {
        this.service = service;
        this.specReader = specReader;
        this.results = results;
    }

    @Operation(summary = "Submit an experiment",
            description = "Validates the spec, fills in defaults, stores the experiment as QUEUED and enqueues its"
                    + " job in one transaction. With an Idempotency-Key that an earlier submit used, the same spec"
                    + " returns that experiment with 200 and writes nothing; a different spec is rejected with 422.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ExperimentSpec.class),
                            examples = @ExampleObject(name = "fashion-quick", value = ApiExamples.SPEC))))
    @ApiResponse(responseCode = "201", description = "Created; Location names the new experiment",
            headers = @Header(name = "Location", description = "URL of the experiment", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentResponse.class),
                    examples = @ExampleObject(name = "queued", value = ApiExamples.EXPERIMENT)))
    @ApiResponse(responseCode = "200", description = "Replay: this Idempotency-Key and spec already created the"
            + " experiment, which is returned unchanged with its Location",
            headers = @Header(name = "Location", description = "URL of the experiment", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON, or invalid fields (all listed in errors)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class),
                    examples = @ExampleObject(name = "invalid-fields", value = ApiExamples.INVALID_SPEC)))
    @ApiResponse(responseCode = "413", description = "Body larger than vitsearch.api.max-request-size",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "422", description = "Idempotency-Key already used with a different spec",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExperimentResponse> submit(
            @RequestBody JsonNode body,
            @Parameter(description = "Client-chosen key, 1 to 255 visible ASCII characters, that makes a repeated"
                    + " submit return the first experiment instead of creating another")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        ExperimentSpec spec = specReader.read(body);

        Submission submission = service.submit(spec, idempotencyKey);

        ExperimentResponse response = respond(submission.experiment());
        URI location = URI.create("/api/v1/experiments/" + response.id());
        return submission.replayed()
                ? ResponseEntity.ok().location(location).body(response)
                : ResponseEntity.created(location).body(response);
    }

    @Operation(summary = "List experiments, newest first")
    @ApiResponse(responseCode = "200", description = "One page of experiments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentPage.class)))
    @ApiResponse(responseCode = "400", description = "Unknown status, or page or size out of range",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping
    ExperimentPage list(
            @Parameter(description = "Only experiments in this status")
            @RequestParam(required = false) ExperimentStatus status,
            @Parameter(description = "Zero-based page number") @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Experiments per page, 1 to 100")
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return ExperimentPage.of(service.list(status, page, size));
    }

    @Operation(summary = "Get an experiment: status, phase, progress, best architecture so far, timings, failure"
            + " reason and spec")
    @ApiResponse(responseCode = "200", description = "The experiment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentResponse.class),
                    examples = {
                            @ExampleObject(name = "queued", value = ApiExamples.EXPERIMENT),
                            @ExampleObject(name = "searching", value = ApiExamples.EXPERIMENT_SEARCHING)}))
    @ApiResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping("/{id}")
    ExperimentResponse get(@PathVariable UUID id) {
        return respond(service.get(id));
    }

    @Operation(summary = "Cancel an experiment",
            description = "A QUEUED experiment becomes CANCELLED at once. A RUNNING one becomes CANCELLING and then"
                    + " CANCELLED when its worker stops, within one heartbeat. Cancelling a CANCELLING experiment"
                    + " again changes nothing.")
    @ApiResponse(responseCode = "200", description = "The experiment after the request (CANCELLED or CANCELLING)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "409", description = "The experiment already finished (SUCCEEDED, FAILED or CANCELLED)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class),
                    examples = @ExampleObject(name = "already-succeeded", value = ApiExamples.CANCEL_CONFLICT)))
    @PostMapping("/{id}/cancel")
    ExperimentResponse cancel(@PathVariable UUID id) {
        return respond(service.cancel(id));
    }

    @Operation(summary = "Retry a failed or cancelled experiment",
            description = "Requeues the experiment with a new job; the pipeline resumes from its last checkpoint.")
    @ApiResponse(responseCode = "200", description = "The experiment, QUEUED again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ExperimentResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "409", description = "The experiment is not FAILED or CANCELLED",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @PostMapping("/{id}/retry")
    ExperimentResponse retry(@PathVariable UUID id) {
        return respond(service.retry(id));
    }

    private ExperimentResponse respond(Experiment experiment) {
        return ExperimentResponse.of(experiment, results.best(experiment.getId()));
    }

    private static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        boolean visibleAscii = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_MAX_LENGTH || !visibleAscii) {
            throw new InvalidRequestException(List.of(new Violation(IDEMPOTENCY_KEY, key,
                    "must be 1 to " + IDEMPOTENCY_KEY_MAX_LENGTH + " visible ASCII characters")));
        }
    }
}
