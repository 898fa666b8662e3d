package io.vitsearch.dataset;

/** No built-in or registered dataset has the requested name. */
public class DatasetNotFoundException extends RuntimeException {

    private final String name;

    public DatasetNotFoundException(String name) {
        this(name, "list the available datasets with GET /api/v1/datasets");
    }

    /** @param remedy what the caller can do to make the dataset available */
    public DatasetNotFoundException(String name, String remedy) {
        super("dataset '" + name + "' not found: " + remedy);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
