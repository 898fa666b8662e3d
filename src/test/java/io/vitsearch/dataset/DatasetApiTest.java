package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vitsearch.experiment.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class DatasetApiTest extends ApiTestSupport {

    private static final Path ROOT = createRoot();

    @DynamicPropertySource
    static void allowedRoot(DynamicPropertyRegistry registry) {
        registry.add("vitsearch.datasets.allowed-roots", ROOT::toString);
    }

    @Test
    void registersFolderUnderAllowedRootAndListsIt() throws Exception {
        Path folder = Files.createDirectories(ROOT.resolve("shapes"));
        String body = """
                {"name": "shapes", "format": "IMAGE_FOLDER", "path": "%s", "channels": 1, "imageSize": 28}
                """.formatted(folder);

        mvc.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/datasets/shapes"))
                .andExpect(jsonPath("$.builtIn").value(false));

        mvc.perform(get("/api/v1/datasets/shapes"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.format").value("IMAGE_FOLDER"));
        mvc.perform(get("/api/v1/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.name == 'shapes')].imageSize").value(28));
    }

    @Test
    void listsImageShapeOfEveryFormat() throws Exception {
        Path cifar = Files.createDirectories(ROOT.resolve("tiny-cifar"));
        Path idx = Files.createDirectories(ROOT.resolve("tiny-idx"));
        for (String registration : new String[] {
                """
                {"name": "tiny-cifar", "format": "CIFAR10", "path": "%s"}""".formatted(cifar),
                """
                {"name": "tiny-idx", "format": "IDX", "path": "%s"}""".formatted(idx)}) {
            mvc.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content(registration))
                    .andExpect(status().isCreated());
        }

        mvc.perform(get("/api/v1/datasets/fashion-mnist"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.builtIn").value(true))
                .andExpect(jsonPath("$.channels").value(1))
                .andExpect(jsonPath("$.imageSize").value(28));
        mvc.perform(get("/api/v1/datasets/tiny-cifar"))
                .andExpect(jsonPath("$.channels").value(3))
                .andExpect(jsonPath("$.imageSize").value(32));
        mvc.perform(get("/api/v1/datasets/tiny-idx"))
                .andExpect(jsonPath("$.channels").value(1))
                .andExpect(jsonPath("$.imageSize").value((Object) null));
    }

    @Test
    void rejectsPathOutsideAllowedRootsWithoutWriting() throws Exception {
        String body = """
                {"name": "escape", "format": "IDX", "path": "%s/../../etc"}
                """.formatted(ROOT);

        mvc.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("path"));

        Integer rows = jdbc.queryForObject("SELECT count(*) FROM dataset WHERE name = 'escape'", Integer.class);
        assertThat(rows).isZero();
    }

    @Test
    void unknownDatasetIsNotFound() throws Exception {
        mvc.perform(get("/api/v1/datasets/no-such-set"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.dataset").value("no-such-set"));
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("vitsearch-datasets");
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary dataset root", e);
        }
    }
}
