package io.vitsearch.pipeline;

/** The phases an experiment reports, as listed in {@link io.vitsearch.experiment.Progress#phase()}. */
final class Phases {

    static final String TRAINING_SUPERNET = "TRAINING_SUPERNET";
    static final String SPACE_EVOLUTION = "SPACE_EVOLUTION";
    static final String FINAL_TRAINING = "FINAL_TRAINING";
    static final String EVOLUTIONARY_SEARCH = "EVOLUTIONARY_SEARCH";
    static final String FINE_TUNING = "FINE_TUNING";
    static final String EXPORTING = "EXPORTING";
    static final String DONE = "DONE";

    private Phases() {
    }
}
