package io.vitsearch.experiment;

import java.util.SortedSet;
import java.util.TreeSet;

import io.vitsearch.dataset.DatasetNotFoundException;
import io.vitsearch.dataset.DatasetRegistry;
import io.vitsearch.dataset.DatasetSource;
import org.springframework.stereotype.Component;

/**
 * The datasets the service can load now: installed built-in datasets and registered ones. A spec
 * naming a built-in dataset whose package is missing is rejected at submission, not hours later.
 */
@Component
class RegistryDatasetCatalog implements DatasetCatalog {

    private final DatasetRegistry registry;

    RegistryDatasetCatalog(DatasetRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean contains(String name) {
        try {
            registry.find(name);
            return true;
        } catch (DatasetNotFoundException e) {
            return false;
        }
    }

    @Override
    public SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        registry.list().stream().map(DatasetSource::name).forEach(names::add);
        return names;
    }
}
