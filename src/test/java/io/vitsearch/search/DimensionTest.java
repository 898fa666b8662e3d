package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vitsearch.search.Dimension.Scope;

class DimensionTest {

    @Test
    void vitDimensionsInOrder() {
        List<Dimension> dimensions = TestSpaces.vit().dimensions();

        assertThat(dimensions).extracting(Dimension::name)
                .containsExactly("embedDim", "depth", "numHeads", "mlpRatio", "qkvDim");
        assertThat(dimensions).extracting(Dimension::scope)
                .containsExactly(Scope.GLOBAL, Scope.GLOBAL, Scope.PER_LAYER, Scope.PER_LAYER, Scope.PER_LAYER);
        assertThat(dimensions.get(1).choices()).containsExactly(4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(dimensions.get(3).integer()).isFalse();
    }

    @Test
    void hierarchicalDimensionsPerStage() {
        List<Dimension> dimensions = TestSpaces.hierarchical().dimensions();

        assertThat(dimensions).hasSize(12);
        assertThat(dimensions.get(6).name()).isEqualTo("stages[1].depth");
        assertThat(dimensions.get(8).name()).isEqualTo("stages[1].windowSize");
        assertThat(dimensions.get(8).scope()).isEqualTo(Scope.PER_LAYER);
    }

    @Test
    void withChoicesReplacesOnlyNamedDimensions() {
        VitSpace space = TestSpaces.vit();

        VitSpace changed = (VitSpace) space.withChoices(Map.of("depth", List.of(5.0, 6.0, 7.0, 8.0, 9.0),
                "mlpRatio", List.of(2.5, 3.5, 4.5)));

        assertThat(changed.depth()).containsExactly(5, 6, 7, 8, 9);
        assertThat(changed.mlpRatio()).containsExactly(2.5, 3.5, 4.5);
        assertThat(changed.embedDim()).isEqualTo(space.embedDim());
        assertThat(changed.qkvDim()).isEqualTo(space.qkvDim());
    }

    @Test
    void withChoicesOnStage() {
        HierarchicalSpace changed = (HierarchicalSpace) TestSpaces.hierarchical()
                .withChoices(Map.of("stages[1].depth", List.of(2.0, 3.0, 4.0)));

        assertThat(changed.stages().get(1).depth()).containsExactly(2, 3, 4);
        assertThat(changed.stages().get(0)).isEqualTo(TestSpaces.hierarchical().stages().get(0));
    }

    @Test
    void withChoicesRejectsUnknownAndFractional() {
        VitSpace space = TestSpaces.vit();

        assertThatThrownBy(() -> space.withChoices(Map.of("width", List.of(1.0))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("width = [1.0]: is not a dimension");
        assertThatThrownBy(() -> space.withChoices(Map.of("depth", List.of(1.5, 2.0))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("depth = [1.5, 2.0]: choices must be whole numbers");
    }

    @Test
    void withChoicesNamesStageOfBrokenBound() {
        InvalidSpecException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> TestSpaces.hierarchical().withChoices(Map.of("stages[1].numHeads", List.of(3.0, 4.0))));

        assertThat(error.violations()).extracting(Violation::field).containsExactly("stages[1].qkvDim[0]");
        assertThat(error.getMessage()).contains("not divisible by 3");
    }

    @Test
    void perLayerValueIsMeanOverLayers() {
        VitArchitecture architecture = new VitArchitecture(28, 1, 4, 10, 64, 3, List.of(
                new VitLayer(2, 2.0, 64), new VitLayer(4, 4.0, 64), new VitLayer(8, 4.0, 192)));
        List<Dimension> dimensions = TestSpaces.vit().dimensions();

        assertThat(dimensions.get(0).valueOf(architecture)).isEqualTo(64.0);
        assertThat(dimensions.get(1).valueOf(architecture)).isEqualTo(3.0);
        assertThat(dimensions.get(2).valueOf(architecture)).isEqualTo(14.0 / 3);
        assertThat(dimensions.get(3).valueOf(architecture)).isEqualTo(10.0 / 3);
        assertThat(dimensions.get(4).valueOf(architecture)).isEqualTo(320.0 / 3);
    }

    @Test
    void nearestChoicePrefersSmallerOnTie() {
        Dimension heads = TestSpaces.vit().dimensions().get(2);

        assertThat(heads.nearestChoice(14.0 / 3)).isEqualTo(1);
        assertThat(heads.nearestChoice(3.0)).isEqualTo(0);
        assertThat(heads.nearestChoice(6.0)).isEqualTo(1);
        assertThat(heads.nearestChoice(100.0)).isEqualTo(2);
    }

    @Test
    void gapAndSpan() {
        Dimension mlp = new Dimension("mlpRatio", Scope.PER_LAYER, false, List.of(2.0, 3.5, 4.0));

        assertThat(mlp.span()).isEqualTo(2.0);
        assertThat(mlp.smallestGap()).isEqualTo(0.5);
        assertThat(new Dimension("depth", Scope.GLOBAL, true, List.of(3.0)).smallestGap()).isNull();
    }

    @Test
    void secondGlobalWindowRejected() {
        // Stage 1 has a 4x4 feature map, so windows 4 and 5 both mean global attention.
        InvalidSpecException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> TestSpaces.hierarchical().withChoices(Map.of("stages[1].windowSize", List.of(3.0, 4.0, 5.0))));

        assertThat(error.violations()).extracting(Violation::field).containsExactly("stages[1].windowSize[2]");
        assertThat(error.getMessage()).contains("= 5: gives the same network as window 4").contains("4x4 feature map");
    }

    @Test
    void containsChecksEveryChoice() {
        HierarchicalSpace space = TestSpaces.hierarchical();
        Architecture inside = ArchitectureSampler.smallest(space);
        HierarchicalArchitecture outside = new HierarchicalArchitecture(16, 1, 2, 10, List.of(
                new Stage(1, 16, List.of(new Block(2, 1, 3.0, 16))),
                new Stage(1, 32, List.of(new Block(2, 2, 2.0, 32)))));

        assertThat(space.contains(inside)).isTrue();
        assertThat(space.contains(outside)).as("mlpRatio 3.0 is not a choice").isFalse();
        assertThat(space.contains(ArchitectureSampler.smallest(TestSpaces.vit()))).isFalse();
    }
}
