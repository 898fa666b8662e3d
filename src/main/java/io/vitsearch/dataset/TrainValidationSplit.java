package io.vitsearch.dataset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded, stratified split of a training set into the images that train the supernet and the
 * held-out images that measure subnet errors. Each class contributes the same fraction of its
 * images to validation (rounded to the nearest whole image), so the class balance of both parts
 * matches the original. The same labels, fraction and seed always give the same split.
 *
 * @param trainIndices ascending indices of the training images
 * @param validationIndices ascending indices of the validation images
 */
public record TrainValidationSplit(int[] trainIndices, int[] validationIndices) {

    /**
     * Splits {@code dataset}.
     *
     * @param validationFraction share of each class moved to validation, at least 0 and below 1.
     *        Every class with images keeps at least one training image.
     */
    public static TrainValidationSplit of(ImageDataset dataset, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be at least 0 and below 1, but is "
                    + validationFraction);
        }
        int[] labels = dataset.labels();
        int[] classCounts = dataset.classCounts();

        int[][] byClass = new int[classCounts.length][];
        int[] filled = new int[classCounts.length];
        for (int c = 0; c < classCounts.length; c++) {
            byClass[c] = new int[classCounts[c]];
        }
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][filled[labels[i]]++] = i;
        }

        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[labels.length];
        int[] validation = new int[labels.length];
        int trainCount = 0;
        int validationCount = 0;
        for (int[] members : byClass) {
            int classValidationCount = (int) Math.min(Math.round(validationFraction * members.length),
                    Math.max(0, members.length - 1));
            // A partial Fisher-Yates shuffle picks the validation images uniformly at random.
            for (int i = 0; i < classValidationCount; i++) {
                int j = i + random.nextInt(members.length - i);
                int swap = members[i];
                members[i] = members[j];
                members[j] = swap;
            }
            System.arraycopy(members, 0, validation, validationCount, classValidationCount);
            validationCount += classValidationCount;
            System.arraycopy(members, classValidationCount, train, trainCount, members.length - classValidationCount);
            trainCount += members.length - classValidationCount;
        }

        int[] trainIndices = Arrays.copyOf(train, trainCount);
        int[] validationIndices = Arrays.copyOf(validation, validationCount);
        Arrays.sort(trainIndices);
        Arrays.sort(validationIndices);
        return new TrainValidationSplit(trainIndices, validationIndices);
    }
}
