package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.vitsearch.queue.Lease;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The server-sent event stream: replay after Last-Event-ID, live events, completion and the time limit. */
@TestPropertySource(properties = {
        "vitsearch.events.poll-interval=50ms",
        "vitsearch.events.max-stream-duration=3s"})
class ExperimentEventsApiTest extends ResultsTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    EventStreams streams;

    @Test
    void replayAfterLastEventIdThenComplete() throws Exception {
        UUID id = submitted("replay");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordProgress(lease, id, new Progress("TRAINING_SUPERNET", 0, 0, null, 0.1, null));
        recorder.recordSpaceStep(lease, id, spaceStep(0));
        jobQueue.complete(lease);
        List<Long> ids = jdbc.queryForList("SELECT id FROM experiment_event WHERE experiment_id = ? ORDER BY id",
                Long.class, id);
        assertThat(eventTypes(id)).containsExactly("status", "phase", "space-step", "completed");

        MvcResult result = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")
                        .header("Last-Event-ID", ids.get(1).toString())
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
        List<Event> events = parse(awaitCompletion(result));

        assertThat(events).extracting(Event::type).containsExactly("space-step", "completed");
        assertThat(events).extracting(Event::id).containsExactly(ids.get(2), ids.get(3));
        assertThat(events.get(0).data().get("spaceStep").asInt()).isZero();
        assertThat(events.get(1).data().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
    }

    @Test
    void queryParameterWorksLikeHeader() throws Exception {
        UUID id = submitted("query-param");
        mvc.perform(post(EXPERIMENTS + "/" + id + "/cancel"));
        long cancelled = jdbc.queryForObject("SELECT max(id) FROM experiment_event WHERE experiment_id = ?",
                Long.class, id);

        MvcResult all = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")).andReturn();
        assertThat(parse(awaitCompletion(all))).extracting(Event::type).containsExactly("cancelled");

        MvcResult none = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")
                .param("lastEventId", Long.toString(cancelled))).andReturn();
        assertThat(parse(awaitCompletion(none))).isEmpty();
    }

    @Test
    void liveEventsArriveAndReconnectMissesNothing() throws Exception {
        UUID id = submitted("live");
        Lease lease = runningExperiment(id, "worker-a");
        MvcResult first = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")).andReturn();

        recorder.recordGeneration(lease, id, generation(0, 0.2));
        recorder.recordGeneration(lease, id, generation(1, 0.1));
        List<Event> seen = awaitEvents(first, 3);
        assertThat(seen).extracting(Event::type).containsExactly("status", "generation", "generation");

        // The client drops its connection here; the next events happen while it is away.
        recorder.recordProgress(lease, id, new Progress("EXPORTING", null, null, null, 0.95, null));
        jobQueue.complete(lease);

        MvcResult second = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")
                .header("Last-Event-ID", Long.toString(seen.get(seen.size() - 1).id()))).andReturn();
        List<Event> rest = parse(awaitCompletion(second));

        List<Long> received = new ArrayList<>();
        seen.forEach(event -> received.add(event.id()));
        rest.forEach(event -> received.add(event.id()));
        assertThat(received).isEqualTo(jdbc.queryForList(
                "SELECT id FROM experiment_event WHERE experiment_id = ? ORDER BY id", Long.class, id));
        assertThat(rest).extracting(Event::type).containsExactly("phase", "completed");
    }

    @Test
    void streamEndsAfterMaximumDuration() throws Exception {
        UUID id = submitted("quiet");
        runningExperiment(id, "worker-a");
        long started = System.nanoTime();

        MvcResult result = mvc.perform(get(EXPERIMENTS + "/" + id + "/events")).andReturn();
        List<Event> events = parse(awaitCompletion(result));

        assertThat(events).extracting(Event::type).containsExactly("status");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void unknownExperimentAndBadLastEventId() throws Exception {
        UUID unknown = UUID.randomUUID();
        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + unknown + "/events").accept(MediaType.TEXT_EVENT_STREAM)),
                404, "not-found", EXPERIMENTS + "/" + unknown + "/events");

        UUID id = submitted("bad-id");
        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/events").header("Last-Event-ID", "abc")), 400,
                "invalid-request", EXPERIMENTS + "/" + id + "/events")
                .andExpect(jsonPath("$.errors[0].field").value("Last-Event-ID"));
        expectProblem(mvc.perform(get(EXPERIMENTS + "/" + id + "/events").param("lastEventId", "-1")), 400,
                "invalid-request", EXPERIMENTS + "/" + id + "/events")
                .andExpect(jsonPath("$.errors[0].field").value("lastEventId"));
    }

    /** Waits until the stream completes and returns everything it sent. */
    private static String awaitCompletion(MvcResult result) throws Exception {
        result.getAsyncResult(WAIT.toMillis());
        return result.getResponse().getContentAsString();
    }

    private static List<Event> awaitEvents(MvcResult result, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Event> events = parse(result.getResponse().getContentAsString());
            if (events.size() >= count) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events within " + WAIT + ", got " + events);
            }
            Thread.sleep(20);
        }
    }

    /** Parses the id, event and data lines of each message; comment lines are skipped. */
    private static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        for (String message : stream.split("\n\n")) {
            Long id = null;
            String type = null;
            String data = null;
            for (String line : message.split("\n")) {
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
            if (id != null) {
                events.add(new Event(id, type, JSON.readTree(data)));
            }
        }
        return events;
    }

    private record Event(long id, String type, JsonNode data) {
    }
}
