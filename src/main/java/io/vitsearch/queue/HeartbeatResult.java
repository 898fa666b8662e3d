package io.vitsearch.queue;

/** The outcome of a heartbeat: continue, or stop because cancellation was requested. */
public enum HeartbeatResult {
    CONTINUE,
    CANCEL_REQUESTED
}
