package io.vitsearch.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves the server-sent event streams of experiments. A stream first replays the stored events
 * after the client's last event id, then polls the event table every {@code poll-interval} on a
 * small scheduled pool, never on a request thread. It completes after the experiment has reached
 * SUCCEEDED, FAILED or CANCELLED and every event up to then is sent, or after
 * {@code max-stream-duration}, when the client reconnects with {@code Last-Event-ID}.
 *
 * <p>NOTE: writes to a client happen on the poll threads and block while its socket buffer is full,
 * so a few stalled clients can delay every stream until their writes fail.
 */
@Component
class EventStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    /** Events sent per poll; a fuller backlog is sent over the following polls. */
    private static final int BATCH_SIZE = 500;

    /** How long the emitter outlives the stream's own deadline, so the stream always ends itself. */
    private static final Duration EMITTER_GRACE = Duration.ofMinutes(1);

    private final ExperimentEvents events;

    private final ExperimentResults results;

    private final EventStreamProperties properties;

    private final ScheduledExecutorService scheduler;

    private final AtomicInteger open = new AtomicInteger();

    EventStreams(ExperimentEvents events, ExperimentResults results, EventStreamProperties properties) {
        this.events = events;
        this.results = results;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(properties.pollThreads(), runnable -> {
            Thread thread = new Thread(runnable, "event-stream-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens a stream of the experiment's events with ids above {@code lastEventId}.
     *
     * @throws ExperimentNotFoundException when the experiment does not exist
     * @throws TooManyStreamsException when {@code max-streams} streams are open already
     */
    SseEmitter open(UUID experimentId, long lastEventId) {
        results.header(experimentId);
        if (open.incrementAndGet() > properties.maxStreams()) {
            open.decrementAndGet();
            throw new TooManyStreamsException(properties.maxStreams());
        }

        SseEmitter emitter = new SseEmitter(properties.maxStreamDuration().plus(EMITTER_GRACE).toMillis());
        Stream stream = new Stream(experimentId, lastEventId, emitter);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(error -> stream.stop());
        stream.start();
        log.debug("Opened event stream of experiment {} after event {}; {} streams open", experimentId, lastEventId,
                open.get());
        return emitter;
    }

    int openStreams() {
        return open.get();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** One client's stream; its polls never overlap because the scheduler runs them with a fixed delay. */
    private final class Stream {

        private final UUID experimentId;

        private final SseEmitter emitter;

        private final long deadlineNanos;

        private long lastEventId;

        private long lastSentNanos;

        private ScheduledFuture<?> polling;

        private boolean stopped;

        Stream(UUID experimentId, long lastEventId, SseEmitter emitter) {
            this.experimentId = experimentId;
            this.lastEventId = lastEventId;
            this.emitter = emitter;
            this.deadlineNanos = System.nanoTime() + properties.maxStreamDuration().toNanos();
            this.lastSentNanos = System.nanoTime();
        }

        synchronized void start() {
            polling = scheduler.scheduleWithFixedDelay(this::poll, 0, properties.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (polling != null) {
                polling.cancel(false);
            }
            open.decrementAndGet();
        }

        private synchronized boolean isStopped() {
            return stopped;
        }

        private void poll() {
            if (isStopped()) {
                return;
            }
            try {
                sendNewEvents();
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the emitter completed; nothing is left to tell it.
                log.debug("Event stream of experiment {} closed: {}", experimentId, e.toString());
                stop();
            } catch (RuntimeException e) {
                log.warn("Event stream of experiment {} failed after event {}; closing it so the client reconnects",
                        experimentId, lastEventId, e);
                stop();
                emitter.completeWithError(e);
            }
        }

        private void sendNewEvents() throws IOException {
            // The status is read before the events because a final status commits together with its
            // event. When the status is final here, the events query below returns every event of the run.
            Optional<ExperimentResults.ExperimentHeader> header = results.findHeader(experimentId);
            boolean finished = header.isEmpty() || header.get().status().isFinished();

            List<ExperimentEvents.StoredEvent> batch = events.after(experimentId, lastEventId, BATCH_SIZE);
            for (ExperimentEvents.StoredEvent event : batch) {
                emitter.send(SseEmitter.event()
                        .id(Long.toString(event.id()))
                        .name(event.type())
                        .data(event.data()));
                lastEventId = event.id();
                lastSentNanos = System.nanoTime();
            }
            if (batch.size() == BATCH_SIZE) {
                return;
            }

            long now = System.nanoTime();
            if (finished || now - deadlineNanos >= 0) {
                log.debug("Event stream of experiment {} complete after event {} ({})", experimentId, lastEventId,
                        finished ? "experiment finished" : "maximum duration reached");
                stop();
                emitter.complete();
                return;
            }
            if (now - lastSentNanos >= properties.keepAliveInterval().toNanos()) {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                lastSentNanos = now;
            }
        }
    }

    /** Raised when a new stream would pass {@code vitsearch.events.max-streams}. */
    static final class TooManyStreamsException extends RuntimeException {

        TooManyStreamsException(int maxStreams) {
            super("This server already has " + maxStreams + " open event streams (vitsearch.events.max-streams);"
                    + " retry later or poll GET /api/v1/experiments/{id} instead.");
        }
    }
}
