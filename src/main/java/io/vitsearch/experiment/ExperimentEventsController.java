package io.vitsearch.experiment;

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
import io.vitsearch.api.InvalidRequestException;
import io.vitsearch.api.ProblemResponse;
import io.vitsearch.search.Violation;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Conditional(ApiRoleCondition.class)
@Tag(name = "experiments")
class ExperimentEventsController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private static final String PROBLEM = "application/problem+json";

    private final EventStreams streams;

    ExperimentEventsController(EventStreams streams) {
        this.streams = streams;
    }

    @Operation(summary = "Follow an experiment as server-sent events",
            description = "Replays the stored events after Last-Event-ID (or lastEventId), then sends new ones as"
                    + " they are recorded. Each message has id (the event id), event (the type) and data (a JSON"
                    + " object). Types: status, phase, progress, epoch, space-step, generation, architecture, and"
                    + " finally completed, failed or cancelled, after which the stream ends. A stream also ends"
                    + " after vitsearch.events.max-stream-duration; reconnecting with Last-Event-ID misses nothing."
                    + " Data fields use the names of the result endpoints. status, completed, failed and cancelled:"
                    + " status, previousStatus, finishedAt once finished, failureReason when failed. phase and"
                    + " progress: phase, previousPhase (phase only), spaceStep, epoch, generation, progress,"
                    + " estimatedFinish. epoch: phase, spaceStep, epoch, step, value (the epoch-end metric)."
                    + " space-step: spaceStep, etError, moved, movedDimensions. generation: generation, size,"
                    + " bestArchId, bestValidationError. architecture: rank, archId, validationError, testAccuracy,"
                    + " modelExported.")
    @ApiResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "search-to-end", value = ApiExamples.EVENTS)))
    @ApiResponse(responseCode = "400", description = "The last event id is not a non-negative integer",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "503", description = "vitsearch.events.max-streams streams are open; Retry-After"
            + " says when to try again",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @GetMapping(path = "/api/v1/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id,
            @Parameter(description = "Id of the last event received; set by EventSource when it reconnects")
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventIdHeader,
            @Parameter(description = "The same as the Last-Event-ID header, for clients that cannot set headers;"
                    + " the header wins when both are present")
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        long lastEventId = lastEventIdHeader != null
                ? parseLastEventId(LAST_EVENT_ID, lastEventIdHeader)
                : parseLastEventId("lastEventId", lastEventIdParam);
        return streams.open(id, lastEventId);
    }

    private static long parseLastEventId(String field, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new InvalidRequestException(List.of(new Violation(field, value, "must be a non-negative integer event id")));
    }
}
