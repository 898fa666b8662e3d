package io.vitsearch.api;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.vitsearch.search.Architecture;
import io.vitsearch.search.Complexity;
import io.vitsearch.search.ComplexityResult;
import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.SearchJson;
import io.vitsearch.search.Violation;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Counts parameters and FLOPs of an architecture with the rules the search applies to its
 * constraints, so users can check a budget before they submit an experiment.
 */
@RestController
@Conditional(ApiRoleCondition.class)
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
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = Architecture.class),
                    examples = @ExampleObject(name = "vit", value = VIT_EXAMPLE)))
            @RequestBody JsonNode body) {
        return Complexity.of(bind(body));
    }

    private static Architecture bind(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidSpecException(List.of(new Violation("", body == null ? null : body.getNodeType(),
                    "request body must be a JSON object holding an architecture")));
        }
        List<Violation> violations = new ArrayList<>();
        Architecture architecture = JsonBinder.bind(SearchJson.mapper(), body, Architecture.class, "", body, violations);
        if (!violations.isEmpty() || architecture == null) {
            throw new InvalidSpecException(violations);
        }
        return architecture;
    }
}
