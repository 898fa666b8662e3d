package io.vitsearch.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ArchitectureJsonTest {

    private static final VitArchitecture SMALL = new VitArchitecture(28, 1, 4, 10, 64, 2,
            List.of(new VitLayer(2, 4.0, 64), new VitLayer(4, 2.0, 48)));

    @Test
    void canonicalJsonStartsWithFamilyAndRoundTrips() {
        String json = SearchJson.canonical(SMALL);

        assertThat(json).startsWith("{\"family\":\"vit\",\"imageSize\":28,");
        assertThat(SearchJson.parseArchitecture(json)).isEqualTo(SMALL);
    }

    @Test
    void idIsStableAndDependsOnEveryChoice() {
        VitArchitecture other = new VitArchitecture(28, 1, 4, 10, 64, 2,
                List.of(new VitLayer(2, 4.0, 64), new VitLayer(4, 3.0, 48)));

        assertThat(SMALL.id()).hasSize(16).isEqualTo(SearchJson.parseArchitecture(SearchJson.canonical(SMALL)).id());
        assertThat(other.id()).isNotEqualTo(SMALL.id());
    }

    @Test
    void hierarchicalArchitectureRoundTrips() {
        HierarchicalArchitecture swin = new HierarchicalArchitecture(32, 3, 2, 10, List.of(
                new Stage(1, 32, List.of(new Block(4, 2, 4.0, 32))),
                new Stage(2, 64, List.of(new Block(4, 2, 4.0, 64), new Block(8, 4, 2.0, 64)))));

        String json = SearchJson.canonical(swin);

        assertThat(json).startsWith("{\"family\":\"hierarchical\"");
        assertThat(SearchJson.parseArchitecture(json)).isEqualTo(swin);
    }

    @Test
    void layerCountMustEqualDepth() {
        assertThatThrownBy(() -> new VitArchitecture(28, 1, 4, 10, 64, 3, List.of(new VitLayer(2, 4.0, 64))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("layers = 1 entries")
                .hasMessageContaining("depth 3");
    }

    @Test
    void spaceListsEveryViolationWithItsField() {
        InvalidSpecException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> new VitSpace(28, 1, 5, 10, List.of(64, 48), List.of(0), List.of(2, 3), List.of(4.0), List.of(64)));

        assertThat(error.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("patchSize", "embedDim[1]", "depth[0]", "qkvDim[0]");
    }
}
