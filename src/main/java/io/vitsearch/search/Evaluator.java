package io.vitsearch.search;

import java.util.List;
import java.util.Map;

/**
 * Measures the top-1 error of architectures, for example through a trained supernet. A batch lets
 * an implementation spread the work over several workers.
 */
@FunctionalInterface
public interface Evaluator {

    /**
     * Evaluates every architecture of {@code batch}; the batch never contains two architectures
     * with the same id.
     *
     * @return the error of each architecture by {@link Architecture#id()}; every id of the batch must
     *     be present with a finite value
     */
    Map<String, Double> evaluate(List<Architecture> batch);
}
