package io.vitsearch.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves dataset names to their sources and loads them, once per name and process.
 *
 * <p>Built-in datasets come from Debian packages below the package root: {@code fashion-mnist}
 * from {@code dataset-fashion-mnist}, and {@code mnist} when a package installs MNIST's IDX files
 * into {@code mnist/}. They are listed only when their files are present. Registered datasets are
 * rows of the {@code dataset} table and must lie under one of the allowed roots. Their paths are
 * checked by real path, so {@code ..} segments and symbolic links cannot reach outside a root, both
 * when they are registered and again on every load.
 */
@Component
public class DatasetRegistry {

    private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** Fashion-MNIST class names in label order. */
    static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Height and width of the built-in datasets: MNIST and Fashion-MNIST both have 28x28 images. */
    static final int BUILT_IN_IMAGE_SIZE = 28;

    private static final Map<String, List<String>> BUILT_IN_CLASSES = Map.of(
            "fashion-mnist", FASHION_MNIST_CLASSES,
            "mnist", IdxReader.numberedClassNames(10));

    private final DatasetRepository repository;
    private final DatasetProperties properties;
    private final Map<String, CompletableFuture<LoadedDataset>> loaded = new ConcurrentHashMap<>();

    public DatasetRegistry(JdbcTemplate jdbc, DatasetProperties properties) {
        this.repository = new DatasetRepository(jdbc);
        this.properties = properties;
    }

    /** Lists the built-in datasets that are installed, then the registered ones, each by name. */
    public List<DatasetSource> list() {
        List<DatasetSource> sources = new ArrayList<>();
        BUILT_IN_CLASSES.keySet().stream()
                .sorted()
                .map(this::findBuiltIn)
                .flatMap(Optional::stream)
                .forEach(sources::add);
        sources.addAll(repository.findAll());
        return sources;
    }

    /**
     * Returns the source of the named dataset.
     *
     * @throws DatasetNotFoundException when no installed built-in or registered dataset has the name
     */
    public DatasetSource find(String name) {
        if (BUILT_IN_CLASSES.containsKey(name)) {
            return findBuiltIn(name).orElseThrow(() -> new DatasetNotFoundException(name,
                    "it is built in but not installed. Install the package that puts its IDX files into "
                            + properties.packageRoot().resolve(name) + ", such as dataset-" + name + " on Debian"));
        }
        return repository.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
    }

    /**
     * Validates and stores a registration. The dataset's files are read on the first load, not here.
     *
     * @throws InvalidDatasetRegistrationException naming the invalid field, when the name is invalid
     *         or taken, the format or image settings are invalid, or the path is not a folder under an
     *         allowed root
     */
    public DatasetSource register(DatasetRegistration registration) {
        String name = registration.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidDatasetRegistrationException("name", name, "name must be 1 to 63 lowercase letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (BUILT_IN_CLASSES.containsKey(name)) {
            throw new InvalidDatasetRegistrationException("name", name, "name '" + name
                    + "' is reserved for a built-in dataset; choose another name");
        }
        if (registration.format() == null) {
            throw new InvalidDatasetRegistrationException("format", null, "format is missing; use IDX, CIFAR10"
                    + " or IMAGE_FOLDER");
        }
        validateImageSettings(registration);
        Path path = validateRegisteredPath(registration.path());

        DatasetSource source = new DatasetSource(name, registration.format(), path, registration.channels(),
                registration.imageSize(), false);
        try {
            repository.insert(source);
        } catch (DuplicateKeyException e) {
            throw new InvalidDatasetRegistrationException("name", name, "dataset '" + name
                    + "' is already registered; choose another name");
        }
        log.info("Registered dataset {} ({}) at {}", name, source.format(), path);
        return source;
    }

    /**
     * Loads the named dataset, or returns the copy that an earlier call loaded. Concurrent calls for
     * one name wait for a single load. A failed load is not cached, so the next call tries again.
     *
     * @throws DatasetNotFoundException when the name is unknown
     * @throws DatasetException when the files are missing, corrupt, or outside the allowed roots
     */
    public LoadedDataset load(String name) {
        DatasetSource source = find(name);
        CompletableFuture<LoadedDataset> pending = new CompletableFuture<>();
        CompletableFuture<LoadedDataset> existing = loaded.putIfAbsent(name, pending);
        if (existing != null) {
            return await(existing);
        }

        try {
            long start = System.nanoTime();
            LoadedDataset dataset = readSource(source);
            log.info("Loaded dataset {}: {} training and {} test images of {}x{}x{}, {} classes, in {} ms",
                    name, dataset.train().size(), dataset.test().map(ImageDataset::size).orElse(0),
                    dataset.train().channels(), dataset.train().height(), dataset.train().width(),
                    dataset.train().numClasses(), (System.nanoTime() - start) / 1_000_000);
            pending.complete(dataset);
            return dataset;
        } catch (RuntimeException e) {
            loaded.remove(name, pending);
            pending.completeExceptionally(e);
            log.warn("Loading dataset {} from {} failed, the next request will try again: {}",
                    name, source.path(), e.getMessage());
            throw e;
        }
    }

    private LoadedDataset readSource(DatasetSource source) {
        if (source.builtIn()) {
            return new DatasetLoader(path -> path).load(source, BUILT_IN_CLASSES.get(source.name()));
        }
        return new DatasetLoader(this::checkUnderAllowedRoot).load(source, List.of());
    }

    private Optional<DatasetSource> findBuiltIn(String name) {
        Path folder = properties.packageRoot().resolve(name);
        boolean installed = Files.exists(folder.resolve("train-images-idx3-ubyte.gz"))
                || Files.exists(folder.resolve("train-images-idx3-ubyte"));
        return installed
                ? Optional.of(new DatasetSource(name, DatasetFormat.IDX, folder, null, null, true))
                : Optional.empty();
    }

    private static void validateImageSettings(DatasetRegistration registration) {
        Integer channels = registration.channels();
        Integer imageSize = registration.imageSize();
        if (registration.format() != DatasetFormat.IMAGE_FOLDER) {
            if (channels != null) {
                throw new InvalidDatasetRegistrationException("channels", channels, "channels applies only to"
                        + " IMAGE_FOLDER datasets; " + registration.format() + " files fix their own channels");
            }
            if (imageSize != null) {
                throw new InvalidDatasetRegistrationException("imageSize", imageSize, "imageSize applies only to"
                        + " IMAGE_FOLDER datasets; " + registration.format() + " files fix their own image size");
            }
            return;
        }
        if (channels == null || (channels != 1 && channels != 3)) {
            throw new InvalidDatasetRegistrationException("channels", channels, "channels must be 1 (grayscale)"
                    + " or 3 (RGB) for an IMAGE_FOLDER dataset");
        }
        if (imageSize == null || imageSize < 1 || imageSize > 1024) {
            throw new InvalidDatasetRegistrationException("imageSize", imageSize, "imageSize must be 1 to 1024"
                    + " pixels for an IMAGE_FOLDER dataset");
        }
    }

    private Path validateRegisteredPath(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidDatasetRegistrationException("path", value, "path is missing");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidDatasetRegistrationException("path", value, "path is not a valid path: "
                    + e.getMessage());
        }
        if (!path.isAbsolute()) {
            throw new InvalidDatasetRegistrationException("path", value, "path must be absolute");
        }
        try {
            checkUnderAllowedRoot(path);
        } catch (DatasetException e) {
            throw new InvalidDatasetRegistrationException("path", value, e.getMessage());
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidDatasetRegistrationException("path", value, "path must be a folder");
        }
        return path.normalize();
    }

    /**
     * Returns the real path of {@code path} when it lies under the real path of an allowed root.
     * Callers read the returned path, which contains no links.
     *
     * <p>NOTE: a folder or file replaced by a link between this check and the read is still followed.
     */
    private Path checkUnderAllowedRoot(Path path) {
        if (properties.allowedRoots().isEmpty()) {
            throw new DatasetException(path, "no allowed dataset roots are configured; set"
                    + " vitsearch.datasets.allowed-roots to the folders that may contain datasets");
        }
        Path realPath;
        try {
            realPath = path.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(path, "not found or not readable: " + e.getMessage(), e);
        }
        for (Path root : properties.allowedRoots()) {
            Optional<Path> realRoot = realPathIfExists(root);
            if (realRoot.isPresent() && realPath.startsWith(realRoot.get())) {
                return realPath;
            }
        }
        throw new DatasetException(path, "resolves to " + realPath + ", which is outside the allowed dataset roots "
                + properties.allowedRoots());
    }

    private static Optional<Path> realPathIfExists(Path root) {
        try {
            return Optional.of(root.toRealPath());
        } catch (IOException e) {
            log.debug("Allowed dataset root {} cannot be resolved and is skipped: {}", root, e.toString());
            return Optional.empty();
        }
    }

    private static LoadedDataset await(CompletableFuture<LoadedDataset> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
