package io.vitsearch.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.vitsearch.search.Architecture;
import io.vitsearch.search.Complexity;
import io.vitsearch.search.ComplexityResult;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts parameters and FLOPs of an architecture with the same rules the search uses for its
 * constraints, so users can check a budget before they submit an experiment.
 */
@RestController
class ComplexityController {

    private static final String VIT_EXAMPLE = """
            {"family": "vit", "imageSize": 224, "channels": 3, "patchSize": 16, "numClasses": 1000,
             "embedDim": 384, "depth": 2,
             "layers": [{"numHeads": 6, "mlpRatio": 4.0, "qkvDim": 384},
                        {"numHeads": 6, "mlpRatio": 4.0, "qkvDim": 384}]}""";

    @Operation(summary = "Count the parameters and FLOPs of an architecture",
            description = "FLOPs are multiply-accumulates of one forward pass on one image, the convention of"
                    + " the ViT, DeiT and Swin papers. Parameters equal those of the exported standalone model.")
    @PostMapping(path = "/api/v1/complexity", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ComplexityResult complexity(
            @RequestBody(content = @Content(examples = @ExampleObject(name = "vit", value = VIT_EXAMPLE)))
            @org.springframework.web.bind.annotation.RequestBody Architecture architecture) {
        return Complexity.of(architecture);
    }
}
