package io.vitsearch.search;

/** Checks of the settings every space and architecture fixes: image size, channels, patch size, classes. */
final class FixedSettings {

    private FixedSettings() {
    }

    static void check(Violations violations, int imageSize, int channels, int patchSize, int numClasses) {
        violations.positive("imageSize", imageSize);
        violations.positive("channels", channels);
        violations.positive("patchSize", patchSize);
        if (numClasses < 2) {
            violations.add("numClasses", numClasses, "must be at least 2");
        }
        if (imageSize >= 1 && patchSize >= 1 && imageSize % patchSize != 0) {
            violations.add("patchSize", patchSize, "must divide imageSize (" + imageSize + ")");
        }
    }
}
