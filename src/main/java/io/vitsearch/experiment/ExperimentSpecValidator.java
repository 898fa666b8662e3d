package io.vitsearch.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks a bound experiment spec: Bean Validation bounds of each field, rules that relate two
 * fields, and that the dataset is registered. The search space checks itself when it is built.
 */
@Component
public class ExperimentSpecValidator {

    private final Validator validator;

    private final DatasetCatalog datasets;

    public ExperimentSpecValidator(Validator validator, ObjectProvider<DatasetCatalog> datasets) {
        this.validator = validator;
        this.datasets = datasets.getIfUnique(BuiltInDatasetCatalog::new);
    }

    /** Returns every violation, sorted by field path; an empty list means the spec is valid. */
    public List<Violation> violations(ExperimentSpec spec) {
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<ExperimentSpec> violation : validator.validate(spec)) {
            violations.add(new Violation(violation.getPropertyPath().toString(), violation.getInvalidValue(),
                    violation.getMessage()));
        }

        violations.addAll(spec.crossFieldViolations());

        String dataset = spec.dataset() == null ? null : spec.dataset().name();
        if (dataset != null && !dataset.isBlank() && !datasets.contains(dataset)) {
            violations.add(new Violation("dataset.name", dataset,
                    "is not a registered dataset; registered: " + String.join(", ", datasets.names())));
        }

        violations.sort(Comparator.comparing(Violation::field));
        return violations;
    }

    /** Throws {@link InvalidSpecException} listing every violation unless the spec is valid. */
    public void validate(ExperimentSpec spec) {
        List<Violation> violations = violations(spec);
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
    }
}
