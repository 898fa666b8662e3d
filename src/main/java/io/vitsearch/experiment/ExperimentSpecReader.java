package io.vitsearch.experiment;

import java.util.ArrayList;
import java.util.List;

import io.vitsearch.api.JsonBinder;
import io.vitsearch.experiment.spec.ExperimentSpec;
import io.vitsearch.experiment.spec.SpecJson;
import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.SearchSpace;
import io.vitsearch.search.StageSpace;
import io.vitsearch.search.Violation;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds a request body to an {@link ExperimentSpec} and reports every problem at once: each unknown
 * field, every search-space violation, and every Bean Validation and cross-field violation. The
 * space is bound apart from the rest so that its violations and the others appear in the same
 * response.
 *
 * <p>NOTE: a type error (a string where a number belongs) stops Jackson, so only the first one of
 * the spec and the first one of the space are reported, fields after it are not checked for
 * unknown names, and the bound-value checks are skipped until the caller fixes it.
 */
@Component
public class ExperimentSpecReader {

    private static final String SPACE = "space";

    private final ExperimentSpecValidator validator;

    public ExperimentSpecReader(ExperimentSpecValidator validator) {
        this.validator = validator;
    }

    /** Returns the bound and validated spec, or throws {@link InvalidSpecException} listing every problem. */
    public ExperimentSpec read(JsonNode body) {
        if (body == null || !body.isObject()) {
            String found = body == null ? "nothing" : body.getNodeType().name().toLowerCase();
            throw new InvalidSpecException(List.of(new Violation("", found,
                    "request body must be a JSON object holding the experiment spec")));
        }
        List<Violation> violations = new ArrayList<>();

        ObjectNode rest = ((ObjectNode) body).deepCopy();
        JsonNode spaceNode = rest.remove(SPACE);
        ExperimentSpec spec = JsonBinder.bind(SpecJson.mapper(), rest, ExperimentSpec.class, "", body, violations);

        SearchSpace space = null;
        boolean spaceGiven = spaceNode != null && !spaceNode.isNull();
        if (spaceGiven) {
            space = bindSpace(spaceNode, violations);
        }

        if (spec == null) {
            throw new InvalidSpecException(violations);
        }
        spec = spec.withSpace(space);
        for (Violation violation : validator.violations(spec)) {
            // A space that was given but failed to bind has already been reported field by field.
            boolean spaceMissing = violation.field().equals(SPACE) && spaceGiven;
            if (!spaceMissing) {
                violations.add(violation);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations);
        }
        return spec;
    }

    private SearchSpace bindSpace(JsonNode spaceNode, List<Violation> violations) {
        List<Violation> spaceViolations = new ArrayList<>();
        SearchSpace space = JsonBinder.bind(SpecJson.mapper(), spaceNode, SearchSpace.class, SPACE, spaceNode, spaceViolations);
        JsonNode stages = spaceNode.get("stages");
        if (space == null && failedInsideStage(spaceViolations) && stages != null && stages.isArray()) {
            // Jackson stopped at the first bad stage, so the space's constructor never ran. Binding
            // each stage alone reports the problems of all stages together.
            spaceViolations.removeIf(v -> v.field().startsWith(SPACE + ".stages["));
            for (int i = 0; i < stages.size(); i++) {
                String prefix = SPACE + ".stages[" + i + "]";
                JsonBinder.bind(SpecJson.mapper(), stages.get(i), StageSpace.class, prefix, stages.get(i), spaceViolations);
            }
        }
        violations.addAll(spaceViolations);
        return space;
    }

    private static boolean failedInsideStage(List<Violation> violations) {
        return violations.stream().anyMatch(v -> v.field().startsWith(SPACE + ".stages["));
    }
}
