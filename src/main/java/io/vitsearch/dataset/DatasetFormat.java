package io.vitsearch.dataset;

/** On-disk layouts that a registered dataset can have. */
public enum DatasetFormat {
    /**
     * A folder with the MNIST file names: {@code train-images-idx3-ubyte} and
     * {@code train-labels-idx1-ubyte}, optionally {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte} for the test split, each raw or gzipped with a {@code .gz} suffix.
     */
    IDX,
    /**
     * A folder with CIFAR-10 binary batches: {@code data_batch_<n>.bin} for training, optionally
     * {@code test_batch.bin} and {@code batches.meta.txt}. The {@code cifar-10-batches-bin}
     * subfolder that the official archive unpacks to is also accepted.
     */
    CIFAR10,
    /**
     * A folder with one subfolder per class, or with {@code train} and optionally {@code test}
     * subfolders that each have one subfolder per class.
     */
    IMAGE_FOLDER
}
