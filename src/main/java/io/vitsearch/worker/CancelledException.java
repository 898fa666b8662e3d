package io.vitsearch.worker;

/** Thrown by {@link JobContext#ensureActive()} when the running job must stop; the message gives the reason. */
public class CancelledException extends RuntimeException {

    public CancelledException(String message) {
        super(message);
    }
}
