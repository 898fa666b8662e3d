package io.vitsearch.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vitsearch.search.Dimension.Scope;

/** Maps the fields of both space families to and from the generic {@link Dimension} view. */
final class SpaceDimensions {

    private static final String STAGES = "stages[";

    private SpaceDimensions() {
    }

    static List<Dimension> of(SearchSpace space) {
        List<Dimension> dimensions = new ArrayList<>();
        if (space instanceof VitSpace vit) {
            dimensions.add(integers("embedDim", Scope.GLOBAL, vit.embedDim()));
            dimensions.add(integers("depth", Scope.GLOBAL, vit.depth()));
            dimensions.add(integers("numHeads", Scope.PER_LAYER, vit.numHeads()));
            dimensions.add(new Dimension("mlpRatio", Scope.PER_LAYER, false, vit.mlpRatio()));
            dimensions.add(integers("qkvDim", Scope.PER_LAYER, vit.qkvDim()));
            return dimensions;
        }
        List<StageSpace> stages = ((HierarchicalSpace) space).stages();
        for (int s = 0; s < stages.size(); s++) {
            StageSpace stage = stages.get(s);
            String prefix = STAGES + s + "].";
            dimensions.add(integers(prefix + "depth", Scope.GLOBAL, stage.depth()));
            dimensions.add(integers(prefix + "embedDim", Scope.GLOBAL, stage.embedDim()));
            dimensions.add(integers(prefix + "windowSize", Scope.PER_LAYER, stage.windowSize()));
            dimensions.add(integers(prefix + "numHeads", Scope.PER_LAYER, stage.numHeads()));
            dimensions.add(new Dimension(prefix + "mlpRatio", Scope.PER_LAYER, false, stage.mlpRatio()));
            dimensions.add(integers(prefix + "qkvDim", Scope.PER_LAYER, stage.qkvDim()));
        }
        return dimensions;
    }

    /**
     * Builds a space equal to {@code space} except for the dimensions named in {@code changes}. The
     * new space is validated like any other, so a change that breaks a hard bound raises
     * {@link InvalidSpecException} with the field path of the dimension.
     */
    static SearchSpace withChoices(SearchSpace space, Map<String, List<Double>> changes) {
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        for (Dimension dimension : of(space)) {
            dimensions.put(dimension.name(), dimension);
        }

        Violations violations = new Violations();
        Map<String, List<Double>> choices = new LinkedHashMap<>();
        dimensions.forEach((name, dimension) -> choices.put(name, dimension.choices()));
        changes.forEach((name, values) -> {
            Dimension dimension = dimensions.get(name);
            if (dimension == null) {
                violations.add(name, values, "is not a dimension of this space; known: " + dimensions.keySet());
            } else if (values == null || values.isEmpty()) {
                violations.add(name, values, "must list at least one choice");
            } else if (dimension.integer() && !values.stream().allMatch(SpaceDimensions::isWhole)) {
                violations.add(name, values, "choices must be whole numbers");
            } else {
                choices.put(name, List.copyOf(values));
            }
        });
        violations.throwIfAny();

        if (space instanceof VitSpace vit) {
            return new VitSpace(vit.imageSize(), vit.channels(), vit.patchSize(), vit.numClasses(),
                    toIntegers(choices.get("embedDim")), toIntegers(choices.get("depth")),
                    toIntegers(choices.get("numHeads")), choices.get("mlpRatio"), toIntegers(choices.get("qkvDim")));
        }
        HierarchicalSpace hierarchical = (HierarchicalSpace) space;
        List<StageSpace> stages = new ArrayList<>();
        for (int s = 0; s < hierarchical.stages().size(); s++) {
            String prefix = STAGES + s + "].";
            violations.nested(STAGES + s + "]", () -> stages.add(new StageSpace(
                    toIntegers(choices.get(prefix + "depth")), toIntegers(choices.get(prefix + "embedDim")),
                    toIntegers(choices.get(prefix + "windowSize")), toIntegers(choices.get(prefix + "numHeads")),
                    choices.get(prefix + "mlpRatio"), toIntegers(choices.get(prefix + "qkvDim")))));
        }
        violations.throwIfAny();
        return new HierarchicalSpace(hierarchical.imageSize(), hierarchical.channels(), hierarchical.patchSize(),
                hierarchical.numClasses(), stages);
    }

    static double valueOf(Architecture architecture, Dimension dimension) {
        String name = dimension.name();
        if (architecture instanceof VitArchitecture vit) {
            return switch (name) {
                case "embedDim" -> vit.embedDim();
                case "depth" -> vit.depth();
                case "numHeads" -> vit.layers().stream().mapToDouble(VitLayer::numHeads).average().orElseThrow();
                case "mlpRatio" -> vit.layers().stream().mapToDouble(VitLayer::mlpRatio).average().orElseThrow();
                case "qkvDim" -> vit.layers().stream().mapToDouble(VitLayer::qkvDim).average().orElseThrow();
                default -> throw notADimension(architecture, name);
            };
        }
        HierarchicalArchitecture hierarchical = (HierarchicalArchitecture) architecture;
        if (!name.startsWith(STAGES)) {
            throw notADimension(architecture, name);
        }
        int close = name.indexOf(']');
        int stageIndex = Integer.parseInt(name.substring(STAGES.length(), close));
        if (stageIndex >= hierarchical.stages().size()) {
            throw notADimension(architecture, name);
        }
        Stage stage = hierarchical.stages().get(stageIndex);
        return switch (name.substring(close + 2)) {
            case "depth" -> stage.depth();
            case "embedDim" -> stage.embedDim();
            case "windowSize" -> stage.blocks().stream().mapToDouble(Block::windowSize).average().orElseThrow();
            case "numHeads" -> stage.blocks().stream().mapToDouble(Block::numHeads).average().orElseThrow();
            case "mlpRatio" -> stage.blocks().stream().mapToDouble(Block::mlpRatio).average().orElseThrow();
            case "qkvDim" -> stage.blocks().stream().mapToDouble(Block::qkvDim).average().orElseThrow();
            default -> throw notADimension(architecture, name);
        };
    }

    private static IllegalArgumentException notADimension(Architecture architecture, String name) {
        return new IllegalArgumentException("dimension " + name + " does not apply to architecture " + architecture.id());
    }

    private static Dimension integers(String name, Scope scope, List<Integer> choices) {
        return new Dimension(name, scope, true, choices.stream().map(Integer::doubleValue).toList());
    }

    private static boolean isWhole(Double value) {
        return value != null && value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE;
    }

    private static List<Integer> toIntegers(List<Double> values) {
        return values.stream().map(value -> (int) Math.round(value)).toList();
    }
}
