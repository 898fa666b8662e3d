package io.vitsearch.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vitsearch.api.ApiRoleCondition;
import io.vitsearch.api.ProblemResponse;
import io.vitsearch.artifact.ArtifactStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartFile;

/** Downloads an experiment's exported models and classifies images with them. */
@RestController
@Conditional(ApiRoleCondition.class)
@RequestMapping(path = "/api/v1/experiments/{id}/architectures/{archId}")
@Tag(name = "models", description = "Exported models of the best architectures: download and predict")
class ExperimentModelController {

    static final String APPLICATION_ZIP = "application/zip";

    private static final String PROBLEM = "application/problem+json";

    private static final String CHECKSUM_HEADER = "X-Checksum-SHA256";

    private final ExperimentResults results;

    private final ArtifactStore artifacts;

    private final ModelPredictions predictions;

    ExperimentModelController(ExperimentResults results, ArtifactStore artifacts, ModelPredictions predictions) {
        this.results = results;
        this.artifacts = artifacts;
        this.predictions = predictions;
    }

    @Operation(summary = "Download an exported model",
            description = "The zip contains config.json (the architecture), model.safetensors (the standalone subnet's"
                    + " weights) and metrics.json. The ETag is the SHA-256, so If-None-Match returns 304 for an"
                    + " unchanged model; Range requests are supported.")
    @ApiResponse(responseCode = "200", description = "The model zip",
            headers = {
                    @Header(name = "Digest", description = "sha-256=<base64 of the SHA-256>",
                            schema = @Schema(type = "string")),
                    @Header(name = CHECKSUM_HEADER, description = "hex SHA-256 of the zip",
                            schema = @Schema(type = "string")),
                    @Header(name = "ETag", description = "the hex SHA-256 in quotes", schema = @Schema(type = "string")),
                    @Header(name = "Content-Disposition",
                            description = "attachment; filename=\"<experiment-name>-<archId>.zip\"",
                            schema = @Schema(type = "string"))},
            content = @Content(mediaType = APPLICATION_ZIP, schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "304", description = "If-None-Match names the current ETag", content = @Content)
    @ApiResponse(responseCode = "404", description = "No experiment has this id, the architecture is not ranked, or"
            + " its model is not exported yet",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class),
                    examples = @ExampleObject(name = "not-exported", value = ApiExamples.MODEL_NOT_EXPORTED)))
    @GetMapping("/model")
    ResponseEntity<Resource> model(@PathVariable UUID id, @PathVariable String archId, WebRequest request) {
        ExperimentResults.StoredModel model = results.model(id, archId);
        Path file = artifacts.resolve(model.path());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The model file " + model.path() + " of architecture " + archId
                    + " of experiment " + id + " is recorded but missing from the artifact store at "
                    + artifacts.root());
        }
        if (request.checkNotModified(model.sha256())) {
            return null;
        }

        String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(model.sha256()));
        ContentDisposition disposition = ContentDisposition.attachment()
                .filename(model.experimentName() + "-" + model.archId() + ".zip")
                .build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(APPLICATION_ZIP))
                .eTag(model.sha256())
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("Digest", "sha-256=" + digest)
                .header(CHECKSUM_HEADER, model.sha256())
                .body(new FileSystemResource(file));
    }

    @Operation(summary = "Classify images with an exported model",
            description = "Send one or more PNG or JPEG files as multipart parts named image, or one image as the raw"
                    + " body with Content-Type image/png or image/jpeg. Each image is converted to the model's"
                    + " channels, resized to its image size and normalised as the training data was.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(type = "object", requiredProperties = "image"),
                            schemaProperties = @SchemaProperty(name = "image", array = @ArraySchema(
                                    schema = @Schema(type = "string", format = "binary",
                                            description = "a PNG or JPEG image"), maxItems = 64))),
                    @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = MediaType.IMAGE_JPEG_VALUE,
                            schema = @Schema(type = "string", format = "binary"))}))
    @ApiResponse(responseCode = "200", description = "The top classes of each image, in upload order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PredictionResponse.class),
                    examples = @ExampleObject(name = "one-image", value = ApiExamples.PREDICTION)))
    @ApiResponse(responseCode = "400", description = "No image, more than vitsearch.prediction.max-images images, an"
            + " image that is not a readable PNG or JPEG, or top out of range",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class),
                    examples = @ExampleObject(name = "corrupt-image", value = ApiExamples.INVALID_IMAGE)))
    @ApiResponse(responseCode = "404", description = "No experiment has this id, the architecture is not ranked, or"
            + " its model is not exported yet",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "413", description = "The upload is larger than vitsearch.api.max-upload-size",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @ApiResponse(responseCode = "415", description = "The body is neither multipart/form-data nor a PNG or JPEG",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemResponse.class)))
    @PostMapping(path = "/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predictUpload(@PathVariable UUID id, @PathVariable String archId,
            @Parameter(description = "PNG or JPEG images, one part each")
            @RequestPart(name = "image") List<MultipartFile> image,
            @Parameter(description = "Classes listed per image, 1 to 1000; at most the model's class count is listed")
            @RequestParam(defaultValue = "5") @Min(1) @Max(1000) int top) throws IOException {
        List<ModelPredictions.UploadedImage> uploads = new ArrayList<>(image.size());
        for (MultipartFile file : image) {
            uploads.add(new ModelPredictions.UploadedImage(file.getOriginalFilename(), file.getBytes()));
        }
        return predictions.predict(id, archId, uploads, top);
    }

    @Operation(summary = "Classify one image sent as the raw body", hidden = true)
    @PostMapping(path = "/predict", consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    PredictionResponse predictBody(@PathVariable UUID id, @PathVariable String archId, @RequestBody byte[] body,
            @RequestParam(defaultValue = "5") @Min(1) @Max(1000) int top) throws IOException {
        return predictions.predict(id, archId, List.of(new ModelPredictions.UploadedImage(null, body)), top);
    }
}
