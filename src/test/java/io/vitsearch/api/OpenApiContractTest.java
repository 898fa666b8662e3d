package io.vitsearch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.vitsearch.experiment.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Fails when the OpenAPI document the code generates differs from the checked-in contract
 * {@code openapi/openapi.yaml}. Documents are compared as parsed structures, so formatting and key
 * order do not matter. After an intended API change, regenerate the file with
 * {@value #REGENERATE} and review the diff.
 */
class OpenApiContractTest extends ApiTestSupport {

    static final String REGENERATE =
            "./mvnw -B -o -q test -Dtest=OpenApiContractTest -Dopenapi.write=true";

    private static final Path CONTRACT = Path.of("openapi", "openapi.yaml");

    @Test
    void generatedDocumentMatchesContract() throws Exception {
        String generated = mvc.perform(get("/v3/api-docs.yaml"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        if (Boolean.getBoolean("openapi.write")) {
            Files.createDirectories(CONTRACT.getParent());
            Files.writeString(CONTRACT, generated, StandardCharsets.UTF_8);
        }

        assertThat(CONTRACT).as("checked-in contract; create it with: " + REGENERATE).exists();
        Object expected = new Yaml().load(Files.readString(CONTRACT, StandardCharsets.UTF_8));
        Object actual = new Yaml().load(generated);
        List<String> differences = new ArrayList<>();
        diff("", expected, actual, differences);
        assertThat(differences)
                .as("The generated OpenAPI document differs from %s. If the change is intended, regenerate the"
                        + " file with: %s", CONTRACT, REGENERATE)
                .isEmpty();
    }

    @Test
    void documentCoversOnlyTheApi() throws Exception {
        String generated = mvc.perform(get("/v3/api-docs.yaml")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Map<String, Object> document = new Yaml().load(generated);

        @SuppressWarnings("unchecked")
        Set<String> paths = ((Map<String, Object>) document.get("paths")).keySet();
        assertThat(paths).isNotEmpty().allMatch(path -> path.startsWith("/api/v1/"));
        assertThat(paths).contains("/api/v1/experiments", "/api/v1/experiments/{id}",
                "/api/v1/experiments/{id}/cancel", "/api/v1/experiments/{id}/retry");
    }

    /** Adds a line for each path where the two parsed documents differ, at most 50. */
    private static void diff(String path, Object expected, Object actual, List<String> differences) {
        if (differences.size() >= 50) {
            return;
        }
        if (expected instanceof Map<?, ?> expectedMap && actual instanceof Map<?, ?> actualMap) {
            Set<Object> keys = new TreeSet<>(Comparator.comparing(Object::toString));
            keys.addAll(expectedMap.keySet());
            keys.addAll(actualMap.keySet());
            for (Object key : keys) {
                String child = path + "/" + key;
                if (!expectedMap.containsKey(key)) {
                    differences.add("added in code: " + child);
                } else if (!actualMap.containsKey(key)) {
                    differences.add("missing from code: " + child);
                } else {
                    diff(child, expectedMap.get(key), actualMap.get(key), differences);
                }
            }
            return;
        }
        if (expected instanceof List<?> expectedList && actual instanceof List<?> actualList
                && expectedList.size() == actualList.size()) {
            for (int i = 0; i < expectedList.size(); i++) {
                diff(path + "[" + i + "]", expectedList.get(i), actualList.get(i), differences);
            }
            return;
        }
        if (!Objects.equals(expected, actual)) {
            differences.add("changed: " + path + ": contract has " + expected + ", code generates " + actual);
        }
    }
}
