package io.vitsearch.supernet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.vitsearch.search.SearchJson;
import io.vitsearch.search.SearchSpace;
import io.vitsearch.search.VitSpace;

/**
 * Layout of a supernet checkpoint directory: {@code space.json} (the search space), {@code
 * supernet.safetensors} (weights), {@code optimizer.safetensors} (AdamW moments and per-element
 * step counts) and {@code trainer.json} (format version, next step, sampling state, settings).
 */
final class CheckpointFiles {

    static final int FORMAT_VERSION = 1;
    static final String SPACE = "space.json";
    static final String WEIGHTS = "supernet.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String TRAINER = "trainer.json";

    private CheckpointFiles() {
    }

    /** Everything a trainer needs to continue besides tensors. */
    record TrainerState(int formatVersion, long step, long randomState, TrainingSettings settings) {
    }

    static void write(Path directory, VitSupernet supernet, Map<String, NDArray> optimizerState, TrainerState state)
            throws IOException {
        if (Files.exists(directory)) {
            throw new FileAlreadyExistsException(directory.toString(), null,
                    "a checkpoint is never overwritten; choose a new directory");
        }
        Path absolute = directory.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = Files.createTempDirectory(absolute.getParent(), absolute.getFileName() + ".partial-");
        try {
            Files.writeString(partial.resolve(SPACE),
                    SearchJson.mapper().writerFor(SearchSpace.class).writeValueAsString(supernet.space()));
            try (OutputStream out = Files.newOutputStream(partial.resolve(WEIGHTS))) {
                supernet.writeWeights(out);
            }
            try (OutputStream out = Files.newOutputStream(partial.resolve(OPTIMIZER))) {
                new NDList(optimizerState.values()).encode(out, NDList.Encoding.SAFETENSORS);
            }
            Files.writeString(partial.resolve(TRAINER), SearchJson.mapper().writeValueAsString(state));
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                deleteRecursively(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    static VitSupernet readSupernet(Path directory, Device device) throws IOException {
        SearchSpace space = SearchJson.mapper().readValue(read(directory, SPACE), SearchSpace.class);
        if (!(space instanceof VitSpace vitSpace)) {
            throw new InvalidModelException(directory.resolve(SPACE) + " contains a " + space.getClass().getSimpleName()
                    + " but a vit supernet checkpoint needs a VitSpace");
        }
        try (InputStream in = Files.newInputStream(directory.resolve(WEIGHTS))) {
            return VitSupernet.readWeights(vitSpace, in, device);
        }
    }

    static TrainerState readTrainerState(Path directory) throws IOException {
        TrainerState state = SearchJson.mapper().readValue(read(directory, TRAINER), TrainerState.class);
        if (state.formatVersion() != FORMAT_VERSION) {
            throw new InvalidModelException(directory.resolve(TRAINER) + " has format version " + state.formatVersion()
                    + " but this version of vitsearch reads only " + FORMAT_VERSION);
        }
        return state;
    }

    /** Reads the optimizer tensors by name into {@code manager}. */
    static Map<String, NDArray> readOptimizerState(Path directory, NDManager manager) throws IOException {
        try (InputStream in = Files.newInputStream(directory.resolve(OPTIMIZER))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (NDArray tensor : NDList.decode(manager, in)) {
                tensors.put(tensor.getName(), tensor);
            }
            return tensors;
        }
    }

    private static String read(Path directory, String file) throws IOException {
        try {
            return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(directory.resolve(file).toString(), null,
                    "not a supernet checkpoint directory, or one whose writing failed");
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
