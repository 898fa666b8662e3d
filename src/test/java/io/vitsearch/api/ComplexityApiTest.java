package io.vitsearch.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.vitsearch.experiment.ApiTestSupport;
import io.vitsearch.search.Complexity;
import io.vitsearch.search.ComplexityResult;
import io.vitsearch.search.PublishedModel;
import io.vitsearch.search.SearchJson;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ComplexityApiTest extends ApiTestSupport {

    private static final String COMPLEXITY = "/api/v1/complexity";

    @Test
    void countsEveryPublishedModel() throws Exception {
        for (PublishedModel model : PublishedModel.all()) {
            ComplexityResult expected = Complexity.of(model.architecture());

            mvc.perform(post(COMPLEXITY).contentType(MediaType.APPLICATION_JSON)
                            .content(SearchJson.canonical(model.architecture())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.params").value(expected.params()))
                    .andExpect(jsonPath("$.flops").value(expected.flops()));
        }
    }

    @Test
    void rejectsQkvNotDivisibleByHeads() throws Exception {
        String body = """
                {"family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                 "embedDim": 64, "depth": 2,
                 "layers": [{"numHeads": 2, "mlpRatio": 4.0, "qkvDim": 64},
                            {"numHeads": 3, "mlpRatio": 4.0, "qkvDim": 64}]}""";

        mvc.perform(post(COMPLEXITY).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("layers[1].qkvDim"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value(64))
                .andExpect(jsonPath("$.errors[0].message", containsString("divisible by numHeads (3)")));
    }

    @Test
    void rejectsHierarchicalFeatureMapThatCannotHalve() throws Exception {
        String body = """
                {"family": "hierarchical", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                 "stages": [{"depth": 1, "embedDim": 32, "blocks": [{"windowSize": 7, "numHeads": 2, "mlpRatio": 4.0, "qkvDim": 32}]},
                            {"depth": 1, "embedDim": 64, "blocks": [{"windowSize": 7, "numHeads": 2, "mlpRatio": 4.0, "qkvDim": 64}]}]}""";

        mvc.perform(post(COMPLEXITY).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("imageSize")));
    }

    @Test
    void rejectsUnknownFamilyAndUnknownField() throws Exception {
        mvc.perform(post(COMPLEXITY).contentType(MediaType.APPLICATION_JSON).content("{\"family\": \"cnn\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("family"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value("cnn"));

        String withTypo = """
                {"family": "vit", "imageSize": 28, "channels": 1, "patchSize": 4, "numClasses": 10,
                 "embedDim": 64, "depth": 1, "dropout": 0.1,
                 "layers": [{"numHeads": 2, "mlpRatio": 4.0, "qkvDim": 64}]}""";
        mvc.perform(post(COMPLEXITY).contentType(MediaType.APPLICATION_JSON).content(withTypo))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dropout"));
    }
}
