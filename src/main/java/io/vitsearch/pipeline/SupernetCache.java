package io.vitsearch.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.Device;
import io.vitsearch.supernet.VitSupernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained supernets loaded from checkpoints, kept per process so that a worker loads a checkpoint
 * once for all the evaluation jobs that use it. At most {@code capacity} supernets stay loaded; the
 * least recently used one is closed when another is needed, or when its last user releases it if
 * it is in use at that moment. A supernet is not thread-safe, so a {@link Lease} gives one thread
 * exclusive use of it.
 */
public class SupernetCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupernetCache.class);

    private final int capacity;

    private final Map<Key, Entry> entries = new LinkedHashMap<>(4, 0.75f, true);

    public SupernetCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("supernet cache capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Returns the supernet of the checkpoint in {@code directory} on {@code device}, loading it when
     * it is not cached, and waits while another thread uses it. Close the lease when done.
     */
    public Lease acquire(Path directory, Device device) throws IOException {
        Key key = new Key(directory.toAbsolutePath().normalize(), device);
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(key);
                entries.put(key, entry);
                evictUnused();
            }
            entry.users++;
        }

        entry.lock.lock();
        try {
            entry.ensureLoaded();
        } catch (IOException | RuntimeException | Error e) {
            entry.lock.unlock();
            release(entry);
            synchronized (this) {
                entries.remove(key, entry);
            }
            throw e;
        }
        return new Lease(this, entry);
    }

    /** Closes every supernet that no thread is using, for example when the process stops. */
    @Override
    public synchronized void close() {
        Iterator<Entry> iterator = entries.values().iterator();
        while (iterator.hasNext()) {
            Entry entry = iterator.next();
            entry.evicted = true;
            if (entry.users == 0) {
                entry.closeSupernet();
            }
            iterator.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        if (entry.evicted && entry.users == 0) {
            entry.closeSupernet();
        }
    }

    /** Drops the least recently used entries beyond capacity; one in use closes when its last user leaves. */
    private void evictUnused() {
        Iterator<Entry> iterator = entries.values().iterator();
        while (entries.size() > capacity && iterator.hasNext()) {
            Entry eldest = iterator.next();
            iterator.remove();
            eldest.evicted = true;
            if (eldest.users == 0) {
                eldest.closeSupernet();
            }
            log.debug("Evicted supernet {} on {} from the cache", eldest.key.directory(), eldest.key.device());
        }
    }

    /** Exclusive use of one cached supernet until {@link #close()}. */
    public static final class Lease implements AutoCloseable {

        private final SupernetCache cache;

        private final Entry entry;

        private boolean closed;

        private Lease(SupernetCache cache, Entry entry) {
            this.cache = cache;
            this.entry = entry;
        }

        public VitSupernet supernet() {
            if (closed) {
                throw new IllegalStateException("the supernet lease for " + entry.key.directory() + " is closed");
            }
            return entry.supernet;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            entry.lock.unlock();
            cache.release(entry);
        }
    }

    private record Key(Path directory, Device device) {
    }

    private static final class Entry {

        final Key key;

        final ReentrantLock lock = new ReentrantLock();

        /** Guarded by the cache's monitor. */
        int users;

        /** Guarded by the cache's monitor. */
        boolean evicted;

        /** Guarded by {@link #lock} while loading, then by the cache's monitor when closed. */
        VitSupernet supernet;

        Entry(Key key) {
            this.key = key;
        }

        void ensureLoaded() throws IOException {
            if (supernet == null) {
                long started = System.nanoTime();
                supernet = VitSupernet.loadCheckpoint(key.directory(), key.device());
                log.info("Loaded supernet checkpoint {} on {} for evaluation in {} ms", key.directory(),
                        key.device(), (System.nanoTime() - started) / 1_000_000);
            }
        }

        void closeSupernet() {
            if (supernet != null) {
                supernet.close();
                supernet = null;
            }
        }
    }
}
