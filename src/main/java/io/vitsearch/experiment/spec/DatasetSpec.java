package io.vitsearch.experiment.spec;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/**
 * The dataset an experiment trains and evaluates on.
 *
 * @param name a dataset registered with the service, for example {@code fashion-mnist}
 * @param validationFraction share of the training split held out to evaluate subnets; the test split
 *     is never used for search
 */
@Schema(description = "Dataset to search on")
public record DatasetSpec(
        @Schema(example = "fashion-mnist", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank
        String name,

        @Schema(description = "Share of the training split held out to evaluate subnets, in (0, 1); default 0.1",
                example = "0.1")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        Double validationFraction) {

    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public DatasetSpec {
        validationFraction = validationFraction == null ? DEFAULT_VALIDATION_FRACTION : validationFraction;
    }
}
