package io.vitsearch.experiment;

import java.util.SortedSet;

/**
 * The datasets an experiment may name. A single bean of this type replaces
 * {@link BuiltInDatasetCatalog}, which the experiment package uses when the application defines
 * none or more than one.
 */
public interface DatasetCatalog {

    boolean contains(String name);

    /** Returns every registered name, for error messages that list the valid choices. */
    SortedSet<String> names();
}
