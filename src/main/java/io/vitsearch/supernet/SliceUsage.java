package io.vitsearch.supernet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leading slices of each supernet tensor that the subnets of one training step read. The
 * optimizer updates exactly these regions and leaves every other element untouched.
 */
final class SliceUsage {

    private final Map<String, List<long[]>> slices = new LinkedHashMap<>();

    void record(String name, long[] sizes) {
        List<long[]> used = slices.computeIfAbsent(name, key -> new ArrayList<>(1));
        for (long[] existing : used) {
            if (Arrays.equals(existing, sizes)) {
                return;
            }
        }
        used.add(sizes.clone());
    }

    /** Returns each used tensor's distinct leading slices, in first-use order. */
    Map<String, List<long[]>> slices() {
        return slices;
    }

    boolean isEmpty() {
        return slices.isEmpty();
    }
}
