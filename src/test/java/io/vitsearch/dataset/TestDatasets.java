package io.vitsearch.dataset;

import java.util.List;

/** Small in-memory datasets for tests. */
final class TestDatasets {

    private TestDatasets() {
    }

    /**
     * Returns {@code count} grayscale images of {@code size}x{@code size}. Image {@code i} has label
     * {@code i % numClasses} and every pixel equal to {@code i % 256}.
     */
    static ImageDataset uniformImages(int count, int size, int numClasses) {
        byte[] pixels = new byte[count * size * size];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % numClasses;
            for (int p = 0; p < size * size; p++) {
                pixels[i * size * size + p] = (byte) (i % 256);
            }
        }
        return new ImageDataset("uniform", 1, size, size, IdxReader.numberedClassNames(numClasses), pixels, labels);
    }

    static ImageDataset of(int channels, int height, int width, byte[] pixels, int... labels) {
        return new ImageDataset("test", channels, height, width, List.of("a", "b", "c"), pixels, labels);
    }
}
