package io.vitsearch.experiment;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The datasets the service reads without registration: IDX files for {@code mnist} and
 * {@code fashion-mnist}, and the CIFAR-10 binary format for {@code cifar10}. It checks names only,
 * not whether the files are installed.
 */
public final class BuiltInDatasetCatalog implements DatasetCatalog {

    private static final SortedSet<String> NAMES =
            Collections.unmodifiableSortedSet(new TreeSet<>(List.of("cifar10", "fashion-mnist", "mnist")));

    @Override
    public boolean contains(String name) {
        return NAMES.contains(name);
    }

    @Override
    public SortedSet<String> names() {
        return NAMES;
    }
}
