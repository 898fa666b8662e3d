package io.vitsearch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.vitsearch.testsupport.DatabaseTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The body-size limit against a real server on 127.0.0.1, with and without a declared length. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vitsearch.api.max-request-size=2KB", "vitsearch.api.max-upload-size=8KB"})
class RequestSizeLimitTest extends DatabaseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM job");
        jdbc.update("DELETE FROM experiment");
    }

    @Test
    void declaredLengthOverLimitIsRejected() throws Exception {
        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofString(oversizedBody()));

        assertProblem(response);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("2048 bytes");
    }

    @Test
    void chunkedBodyOverLimitIsRejected() throws Exception {
        byte[] body = oversizedBody().getBytes(StandardCharsets.UTF_8);

        // An InputStream publisher has no known length, so the client sends the body chunked.
        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(response);
    }

    @Test
    void imageUploadHasItsOwnLimit() throws Exception {
        URI predict = uri("/api/v1/experiments/" + UUID.randomUUID() + "/architectures/abc/predict");

        HttpResponse<String> withinLimit = client.send(HttpRequest.newBuilder(predict)
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024]))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> overLimit = client.send(HttpRequest.newBuilder(predict)
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 * 1024]))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(withinLimit.statusCode()).as("past the request limit, within the upload limit").isEqualTo(404);
        assertThat(overLimit.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(overLimit.body()).get("detail").asString())
                .contains("8192 bytes", "vitsearch.api.max-upload-size");
    }

    @Test
    void unknownRouteIsProblemOnRealServer() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("instance").asString()).isEqualTo("/api/v1/nope");
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/experiments"))
                .header("Content-Type", "application/json")
                .POST(body)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:vitsearch:problem:payload-too-large");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/experiments");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM experiment", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Integer.class)).isZero();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String oversizedBody() {
        return "{\"name\": \"" + "x".repeat(4096) + "\"}";
    }
}
