package io.vitsearch.search;

import java.util.List;

/** Small search spaces shared by the tests. */
final class TestSpaces {

    private TestSpaces() {
    }

    /** Returns a vit space of 28x28 grey images with 4x4 patches (7x7 grid) and 10 classes. */
    static VitSpace vit() {
        return new VitSpace(28, 1, 4, 10,
                List.of(64, 96, 128, 160, 192), List.of(4, 5, 6, 7, 8),
                List.of(2, 4, 8), List.of(2.0, 3.0, 4.0), List.of(64, 128, 192));
    }

    /** Returns a hierarchical space of two stages on 16x16 images with 2x2 patches: feature maps 8x8 and 4x4. */
    static HierarchicalSpace hierarchical() {
        return new HierarchicalSpace(16, 1, 2, 10, List.of(
                new StageSpace(List.of(1, 2), List.of(16, 32), List.of(2, 4), List.of(1, 2), List.of(2.0, 4.0),
                        List.of(16, 32)),
                new StageSpace(List.of(1, 2, 3), List.of(32, 48), List.of(2, 3), List.of(2, 4), List.of(2.0),
                        List.of(32))));
    }
}
