package io.vitsearch.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a dataset's training and test splits from the folder layout of its format. Every file is
 * passed through a path check first, which for registered datasets confirms that its real path
 * lies under an allowed root.
 */
final class DatasetLoader {

    private static final Pattern CIFAR_TRAIN_BATCH = Pattern.compile("data_batch_(\\d{1,9})\\.bin");

    private final UnaryOperator<Path> pathCheck;

    /** @param pathCheck returns the path to read, or throws when it must not be read */
    DatasetLoader(UnaryOperator<Path> pathCheck) {
        this.pathCheck = pathCheck;
    }

    /**
     * Loads {@code source}.
     *
     * @param classNames class names for IDX datasets; empty numbers the classes 0 to the largest label
     */
    LoadedDataset load(DatasetSource source, List<String> classNames) {
        Path folder = pathCheck.apply(source.path());
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "dataset folder not found");
        }
        return switch (source.format()) {
            case IDX -> loadIdx(source.name(), folder, classNames);
            case CIFAR10 -> loadCifar10(source.name(), folder);
            case IMAGE_FOLDER -> loadImageFolder(source, folder);
        };
    }

    private LoadedDataset loadIdx(String name, Path folder, List<String> classNames) {
        Path trainImages = pathCheck.apply(idxFile(folder, "train-images-idx3-ubyte", true));
        Path trainLabels = pathCheck.apply(idxFile(folder, "train-labels-idx1-ubyte", true));
        Path testImages = idxFile(folder, "t10k-images-idx3-ubyte", false);
        Path testLabels = idxFile(folder, "t10k-labels-idx1-ubyte", false);
        boolean hasTest = Files.exists(testImages) || Files.exists(testLabels);

        List<String> names = classNames;
        if (names.isEmpty()) {
            int maxLabel = max(IdxReader.readLabels(trainLabels));
            if (hasTest) {
                maxLabel = Math.max(maxLabel, max(IdxReader.readLabels(pathCheck.apply(testLabels))));
            }
            names = IdxReader.numberedClassNames(maxLabel + 1);
        }

        ImageDataset train = IdxReader.read(name + "/train", trainImages, trainLabels, names);
        if (!hasTest) {
            return new LoadedDataset(name, train, Optional.empty());
        }
        ImageDataset test = IdxReader.read(name + "/test", pathCheck.apply(testImages), pathCheck.apply(testLabels),
                names);
        if (test.height() != train.height() || test.width() != train.width()) {
            throw new DatasetException(testImages, "images are " + test.height() + "x" + test.width()
                    + ", but the training images are " + train.height() + "x" + train.width());
        }
        return new LoadedDataset(name, train, Optional.of(test));
    }

    private LoadedDataset loadCifar10(String name, Path folder) {
        Path batches = Files.isDirectory(folder.resolve("cifar-10-batches-bin"))
                ? pathCheck.apply(folder.resolve("cifar-10-batches-bin"))
                : folder;
        List<String> classNames = Cifar10Reader.readClassNames(pathCheck.apply(batches));

        List<Path> trainFiles = cifarTrainBatches(batches).stream().map(pathCheck).toList();
        ImageDataset train = Cifar10Reader.read(name + "/train", trainFiles, classNames);

        Path testFile = batches.resolve("test_batch.bin");
        if (!Files.exists(testFile)) {
            return new LoadedDataset(name, train, Optional.empty());
        }
        ImageDataset test = Cifar10Reader.read(name + "/test", List.of(pathCheck.apply(testFile)), classNames);
        return new LoadedDataset(name, train, Optional.of(test));
    }

    private LoadedDataset loadImageFolder(DatasetSource source, Path folder) {
        int channels = source.channels();
        int size = source.imageSize();
        Path trainFolder = folder.resolve("train");
        if (!Files.isDirectory(trainFolder)) {
            ImageDataset train = ImageFolderReader.read(source.name() + "/train", folder, channels, size, size);
            return new LoadedDataset(source.name(), train, Optional.empty());
        }

        ImageDataset train = ImageFolderReader.read(source.name() + "/train", pathCheck.apply(trainFolder), channels,
                size, size);
        Path testFolder = folder.resolve("test");
        if (!Files.isDirectory(testFolder)) {
            return new LoadedDataset(source.name(), train, Optional.empty());
        }
        ImageDataset test = ImageFolderReader.read(source.name() + "/test", pathCheck.apply(testFolder), channels,
                size, size);
        if (!test.classNames().equals(train.classNames())) {
            throw new DatasetException(testFolder, "class folders " + test.classNames()
                    + " differ from the training class folders " + train.classNames()
                    + "; the test split needs one folder for every training class and no others");
        }
        return new LoadedDataset(source.name(), train, Optional.of(test));
    }

    /** Returns the raw file when it exists, else the gzipped one, else the raw name for the error. */
    private static Path idxFile(Path folder, String baseName, boolean required) {
        Path raw = folder.resolve(baseName);
        Path gzipped = folder.resolve(baseName + ".gz");
        if (Files.exists(raw)) {
            return raw;
        }
        if (Files.exists(gzipped)) {
            return gzipped;
        }
        if (required) {
            throw new DatasetException(folder, "IDX file " + baseName + " not found, raw or with .gz");
        }
        return raw;
    }

    private static List<Path> cifarTrainBatches(Path folder) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(path -> CIFAR_TRAIN_BATCH.matcher(path.getFileName().toString()).matches())
                    .forEach(files::add);
        } catch (IOException e) {
            throw new DatasetException(folder, "cannot list the CIFAR-10 batch files: " + e, e);
        }
        if (files.isEmpty()) {
            throw new DatasetException(folder, "no CIFAR-10 training batches found, expected data_batch_1.bin"
                    + " and so on");
        }
        files.sort(Comparator.comparingInt(DatasetLoader::batchNumber));
        return files;
    }

    private static int batchNumber(Path file) {
        Matcher matcher = CIFAR_TRAIN_BATCH.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalStateException("not a CIFAR-10 batch file name: " + file + "; this is a bug");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static int max(int[] values) {
        return IntStream.of(values).max().orElse(0);
    }
}
