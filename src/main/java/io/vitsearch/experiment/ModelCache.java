package io.vitsearch.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the most recently used exported models loaded, at most {@code vitsearch.prediction.cached-models},
 * and closes the least recently used one when a new one is loaded. A model serves one request at a
 * time because it is not thread-safe. An evicted model is closed after its current request finishes.
 */
@Component
class ModelCache implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private final int capacity;

    /** Keyed by SHA-256 and path, so a re-exported model with new content is loaded afresh. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    ModelCache(PredictionProperties properties) {
        this.capacity = properties.cachedModels();
    }

    /** Runs {@code work} with the model at {@code zip}, loading it first unless it is cached. */
    <T> T withModel(Path zip, String sha256, ModelLoader loader, Function<LoadedModel, T> work) throws IOException {
        while (true) {
            Entry entry = acquire(zip, sha256, loader);
            synchronized (entry) {
                if (entry.closed) {
                    // Evicted between lookup and lock; look it up again.
                    continue;
                }
                return work.apply(entry.model);
            }
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public void destroy() {
        List<Entry> all;
        synchronized (entries) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        all.forEach(Entry::close);
    }

    private Entry acquire(Path zip, String sha256, ModelLoader loader) throws IOException {
        String key = sha256 + " " + zip;
        synchronized (entries) {
            Entry cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }

        // Loaded outside the lock, so requests for cached models do not wait for this one.
        LoadedModel loaded = loader.load(zip, sha256);
        Entry entry;
        List<Entry> evicted = new ArrayList<>();
        synchronized (entries) {
            Entry raced = entries.get(key);
            if (raced != null) {
                entry = raced;
            } else {
                entry = new Entry(loaded);
                entries.put(key, entry);
                Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
                while (entries.size() > capacity && eldest.hasNext()) {
                    evicted.add(eldest.next().getValue());
                    eldest.remove();
                }
            }
        }
        if (entry.model != loaded) {
            loaded.close();
        }
        evicted.forEach(Entry::close);
        log.debug("Loaded model {} for prediction; {} evicted", zip, evicted.size());
        return entry;
    }

    /** Loads a model zip whose content must have the given SHA-256. */
    @FunctionalInterface
    interface ModelLoader {

        LoadedModel load(Path zip, String sha256) throws IOException;
    }

    private static final class Entry {

        private final LoadedModel model;

        private boolean closed;

        Entry(LoadedModel model) {
            this.model = model;
        }

        synchronized void close() {
            closed = true;
            model.close();
        }
    }
}
