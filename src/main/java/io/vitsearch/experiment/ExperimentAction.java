package io.vitsearch.experiment;

/** A state change a caller requests through the API, named in conflict responses. */
public enum ExperimentAction {
    CANCEL("cancel"),
    RETRY("retry");

    private final String verb;

    ExperimentAction(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }
}
