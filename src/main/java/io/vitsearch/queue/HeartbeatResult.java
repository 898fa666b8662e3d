package io.vitsearch.queue;

/** What a heartbeat tells the worker. */
public enum HeartbeatResult {
    CONTINUE,
    CANCEL_REQUESTED
}
