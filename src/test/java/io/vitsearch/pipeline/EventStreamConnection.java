package io.vitsearch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One server-sent event stream read over a real HTTP connection, message by message. Closing it
 * before the server ends the stream drops the connection, as a client that goes away does.
 */
final class EventStreamConnection implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InputStream body;

    private final BufferedReader reader;

    private EventStreamConnection(InputStream body) {
        this.body = body;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /**
     * Opens the stream at {@code uri} and checks that the server responds with an event stream.
     *
     * @param lastEventId sent as {@code Last-Event-ID}, or null to start from the first event
     */
    static EventStreamConnection open(HttpClient client, URI uri, Long lastEventId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String problem = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError("GET " + uri + " returned " + response.statusCode() + ": " + problem);
        }
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of " + uri).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        return new EventStreamConnection(response.body());
    }

    /**
     * Reads the next message that carries an event, skipping comment lines such as keep-alives.
     * Returns empty when the server has ended the stream.
     */
    Optional<ServerSentEvent> next() throws IOException {
        Long id = null;
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (id == null && data == null) {
                    continue;
                }
                if (id == null || data == null) {
                    throw new AssertionError("event without an id or data: id " + id + ", event " + type + ", data "
                            + data);
                }
                return Optional.of(new ServerSentEvent(id, type, JSON.readTree(data.toString())));
            }
            if (line.startsWith(":")) {
                continue;
            }

            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = Long.parseLong(value);
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> throw new AssertionError("unexpected field '" + field + "' in event stream line: " + line);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    /**
     * One received event.
     *
     * @param id the event id that a reconnecting client sends as {@code Last-Event-ID}
     * @param type the event name, such as {@code phase} or {@code completed}
     */
    record ServerSentEvent(long id, String type, JsonNode data) {
    }
}
