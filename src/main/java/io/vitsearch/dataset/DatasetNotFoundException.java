package io.vitsearch.dataset;

/** No built-in or registered dataset has the requested name. */
public class DatasetNotFoundException extends RuntimeException {

    private final String name;

    public DatasetNotFoundException(String name) {
        super("dataset '" + name + "' not found; list the available datasets with GET /api/v1/datasets");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
