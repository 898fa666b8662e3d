package io.vitsearch.dataset;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.api.ApiRoleCondition;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the datasets experiments can name, and registers datasets that lie on the server. */
@RestController
@Conditional(ApiRoleCondition.class)
@RequestMapping(path = "/api/v1/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
class DatasetController {

    private final DatasetRegistry registry;

    DatasetController(DatasetRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "List built-in and registered datasets")
    @GetMapping
    List<DatasetResponse> list() {
        return registry.list().stream().map(DatasetResponse::from).toList();
    }

    @Operation(summary = "Get one dataset by name")
    @GetMapping("/{name}")
    DatasetResponse get(@PathVariable String name) {
        return DatasetResponse.from(registry.find(name));
    }

    @Operation(summary = "Register a dataset folder on the server",
            description = "The path must lie under one of the folders configured in vitsearch.datasets.allowed-roots.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetResponse> register(@RequestBody DatasetRegistration registration) {
        DatasetSource source = registry.register(registration);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + source.name()))
                .body(DatasetResponse.from(source));
    }

    /**
     * A dataset as the API shows it.
     *
     * @param path the server-side folder
     * @param channels channels of the images as experiments see them
     * @param imageSize height and width of the images as experiments see them, or null for a registered
     *     IDX dataset, whose files set it when they are first read
     */
    record DatasetResponse(
            @Schema(example = "fashion-mnist") String name,
            DatasetFormat format,
            @Schema(example = "/usr/share/datasets/fashion-mnist") String path,
            @Schema(example = "1", description = "1 for grayscale, 3 for RGB") int channels,
            @Schema(example = "28", nullable = true, description = "Height and width in pixels; null for a registered"
                    + " IDX dataset, whose files set it when they are first read") Integer imageSize,
            boolean builtIn) {

        static DatasetResponse from(DatasetSource source) {
            return new DatasetResponse(source.name(), source.format(), source.path().toString(), channelsOf(source),
                    imageSizeOf(source), source.builtIn());
        }

        private static int channelsOf(DatasetSource source) {
            return switch (source.format()) {
                case IDX -> IdxReader.CHANNELS;
                case CIFAR10 -> Cifar10Reader.CHANNELS;
                case IMAGE_FOLDER -> source.channels();
            };
        }

        private static Integer imageSizeOf(DatasetSource source) {
            return switch (source.format()) {
                case IDX -> source.builtIn() ? DatasetRegistry.BUILT_IN_IMAGE_SIZE : null;
                case CIFAR10 -> Cifar10Reader.IMAGE_SIZE;
                case IMAGE_FOLDER -> source.imageSize();
            };
        }
    }
}
