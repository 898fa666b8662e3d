package io.vitsearch.experiment;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Every kind of invalid submit: each is a 400 problem naming the field, and nothing is written. */
class ExperimentValidationApiTest extends ApiTestSupport {

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                invalid("parents above population", s -> object(s, "evolution").put("parents", 21),
                        "evolution.parents", "must be at most population (20)"),
                invalid("mutations plus crossovers above population", s -> object(s, "evolution").put("mutations", 15),
                        "evolution.mutations", "mutations + crossovers (25) must be at most population (20)"),
                invalid("etTopK above etSamples", s -> object(s, "spaceEvolution").put("etTopK", 101),
                        "spaceEvolution.etTopK", "must be at most etSamples (100)"),
                invalid("minParams above maxParams", s -> object(s, "constraints").put("minParams", 500000),
                        "constraints.minParams", "must be at most maxParams (400000)"),
                invalid("validationFraction zero", s -> object(s, "dataset").put("validationFraction", 0.0),
                        "dataset.validationFraction", "must be greater than 0"),
                invalid("validationFraction one", s -> object(s, "dataset").put("validationFraction", 1.0),
                        "dataset.validationFraction", "must be less than 1"),
                invalid("warmup longer than training", s -> object(s, "supernet").put("warmupEpochs", 4),
                        "supernet.warmupEpochs", "must be at most epochs (3)"),
                invalid("negative epochs", s -> object(s, "supernet").put("epochs", -1),
                        "supernet.epochs", "must be greater than or equal to 1"),
                invalid("shift as large as the image", s -> object(s, "supernet").put("maxShift", 28),
                        "supernet.maxShift", "must be less than space.imageSize (28)"),
                invalid("flip probability above one", s -> object(s, "supernet").put("flipProbability", 1.5),
                        "supernet.flipProbability", "must be less than or equal to 1"),
                invalid("final epochs zero", s -> object(s, "supernet").put("finalEpochs", 0),
                        "supernet.finalEpochs", "must be greater than or equal to 1"),
                invalid("learning rate zero", s -> object(s, "supernet").put("learningRate", 0.0),
                        "supernet.learningRate", "must be greater than 0"),
                invalid("negative fine-tuning epochs", s -> object(s, "supernet").put("fineTuneEpochs", -1),
                        "supernet.fineTuneEpochs", "must be greater than or equal to 0"),
                invalid("fine-tuning learning rate zero", s -> object(s, "supernet").put("fineTuneLearningRate", 0.0),
                        "supernet.fineTuneLearningRate", "must be greater than 0"),
                invalid("mutation probability above one", s -> object(s, "evolution").put("mutationProbability", 1.5),
                        "evolution.mutationProbability", "must be less than or equal to 1"),
                invalid("name with spaces", s -> s.put("name", "my run!"),
                        "name", "must start with a letter or digit"),
                invalid("name too long", s -> s.put("name", "n".repeat(65)),
                        "name", "size must be between 0 and 64"),
                invalid("name missing", s -> s.remove("name"),
                        "name", "must not be blank"),
                invalid("unknown dataset", s -> object(s, "dataset").put("name", "imagenet"),
                        "dataset.name", "is not a registered dataset; registered: fashion-mnist, mnist"),
                invalid("dataset missing", s -> s.remove("dataset"),
                        "dataset", "must not be null"),
                invalid("topK zero", s -> s.put("topK", 0),
                        "topK", "must be greater than or equal to 1"),
                invalid("priority too high", s -> s.put("priority", 5000),
                        "priority", "must be less than or equal to 1000"),
                invalid("qkv not divisible by heads", s -> array(object(s, "space"), "qkvDim").set(1, 70),
                        "space.qkvDim[1]", "must be divisible by every numHeads choice; not divisible by 3"),
                invalid("choices out of order", s -> array(object(s, "space"), "depth").set(2, 1),
                        "space.depth[2]", "choices must be in ascending order"),
                invalid("patch size not dividing image", s -> object(s, "space").put("patchSize", 5),
                        "space.patchSize", "must divide imageSize (28)"),
                invalid("unknown family", s -> object(s, "space").put("family", "convnet"),
                        "space.family", "must be one of: vit, hierarchical"),
                invalid("family missing", s -> object(s, "space").remove("family"),
                        "space.family", "is required; one of: vit, hierarchical"),
                invalid("space missing", s -> s.remove("space"),
                        "space", "must not be null"),
                invalid("string for integer", s -> object(s, "supernet").put("epochs", "ten"),
                        "supernet.epochs", "must be a 32-bit integer"),
                invalid("numeric string for integer", s -> object(s, "supernet").put("epochs", "10"),
                        "supernet.epochs", "must be a 32-bit integer"),
                invalid("fraction for integer", s -> object(s, "supernet").put("epochs", 1.5),
                        "supernet.epochs", "must be a 32-bit integer"),
                invalid("integer overflow", s -> object(s, "supernet").put("epochs", 99_999_999_999L),
                        "supernet.epochs", "is out of range; must be a 32-bit integer"),
                invalid("number for name", s -> s.put("name", 12),
                        "name", "must be a string"),
                invalid("scalar for object", s -> s.put("supernet", 5),
                        "supernet", "must be an object"),
                invalid("object for list", s -> object(s, "space").putObject("depth"),
                        "space.depth", "must be an array"),
                invalid("string in choice list", s -> array(object(s, "space"), "embedDim").set(0, "wide"),
                        "space.embedDim[0]", "must be a 32-bit integer"),
                invalid("unknown top-level field", s -> s.put("generations", 5),
                        "generations", "is not a known field; known fields: constraints, dataset"),
                invalid("unknown nested field", s -> object(s, "evolution").put("populationSize", 5),
                        "evolution.populationSize", "is not a known field; known fields: crossovers"),
                invalid("unknown space field", s -> object(s, "space").put("windowSize", 7),
                        "space.windowSize", "is not a known field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecIsRejected(String description, Consumer<ObjectNode> breakSpec, String field, String message)
            throws Exception {
        ObjectNode spec = validSpec();
        breakSpec.accept(spec);

        ResultActions result = submit(spec);

        expectProblem(result, 400, "invalid-request", EXPERIMENTS);
        result.andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith(message)))
                .andExpect(jsonPath("$.detail").value(containsString(field)));
        assertNothingWritten();
    }

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        ObjectNode spec = validSpec();
        object(spec, "evolution").put("parents", 21);
        object(spec, "spaceEvolution").put("etTopK", 101);
        array(object(spec, "space"), "qkvDim").set(1, 70);
        object(spec, "space").put("patchSize", 5);
        object(spec, "dataset").put("name", "imagenet");
        spec.put("colour", "blue");
        object(spec, "supernet").put("momentum", 0.9);

        submit(spec)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors", hasSize(7)))
                .andExpect(jsonPath("$.errors[*].field", hasItems("evolution.parents", "spaceEvolution.etTopK",
                        "space.qkvDim[1]", "space.patchSize", "dataset.name", "colour", "supernet.momentum")))
                .andExpect(jsonPath("$.errors[?(@.field == 'evolution.parents')].rejectedValue", hasItem(21)))
                .andExpect(jsonPath("$.errors[?(@.field == 'space.qkvDim[1]')].rejectedValue", hasItem(70)))
                .andExpect(jsonPath("$.errors[?(@.field == 'colour')].rejectedValue", hasItem("blue")));
        assertNothingWritten();
    }

    @Test
    void everyInvalidStageIsListed() throws Exception {
        ObjectNode spec = validSpec();
        spec.set("space", JSON.readTree("""
                { "family": "hierarchical", "imageSize": 32, "channels": 3, "patchSize": 2, "numClasses": 10,
                  "stages": [
                    { "depth": [1, 2], "embedDim": [32], "windowSize": [4], "numHeads": [2], "mlpRatio": [4.0], "qkvDim": [33] },
                    { "depth": [0], "embedDim": [64], "windowSize": [4], "numHeads": [2], "mlpRatio": [4.0], "qkvDim": [64] }
                  ] }
                """));

        submit(spec)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItems("space.stages[0].qkvDim[0]", "space.stages[1].depth[0]")))
                .andExpect(jsonPath("$.errors", hasSize(2)));
        assertNothingWritten();
    }

    @Test
    void hierarchicalSpaceIsAccepted() throws Exception {
        ObjectNode spec = validSpec();
        spec.set("space", JSON.readTree("""
                { "family": "hierarchical", "imageSize": 32, "channels": 3, "patchSize": 2, "numClasses": 10,
                  "stages": [
                    { "depth": [1, 2], "embedDim": [32], "windowSize": [4], "numHeads": [2], "mlpRatio": [4.0], "qkvDim": [32] },
                    { "depth": [1], "embedDim": [64], "windowSize": [4], "numHeads": [2], "mlpRatio": [4.0], "qkvDim": [64] }
                  ] }
                """));
        object(spec, "dataset").put("name", "mnist");

        submit(spec)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.spec.space.family").value("hierarchical"))
                .andExpect(jsonPath("$.spec.space.stages[1].embedDim[0]").value(64));
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        ResultActions result = mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                .content("{\n  \"name\": \"x\",\n  \"topK\": 3,,\n}"));

        expectProblem(result, 400, "malformed-json", EXPERIMENTS);
        result.andExpect(jsonPath("$.line").value(3))
                .andExpect(jsonPath("$.column").isNumber())
                .andExpect(jsonPath("$.detail").value(containsString("at line 3, column")));
        assertNothingWritten();
    }

    @Test
    void truncatedJsonIsMalformed() throws Exception {
        expectProblem(mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON)
                .content(VALID_SPEC.substring(0, 120))), 400, "malformed-json", EXPERIMENTS);
        assertNothingWritten();
    }

    @Test
    void missingBodyIsRejected() throws Exception {
        ResultActions result = mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON));

        expectProblem(result, 400, "invalid-request", EXPERIMENTS);
        result.andExpect(jsonPath("$.title").value("Missing request body"));
        assertNothingWritten();
    }

    @Test
    void nonObjectBodyIsRejected() throws Exception {
        for (String body : new String[] {"[1, 2]", "null", "42", "\"spec\""}) {
            ResultActions result = mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON).content(body));

            expectProblem(result, 400, "invalid-request", EXPERIMENTS);
            result.andExpect(jsonPath("$.errors[0].message").value("request body must be a JSON object holding the experiment spec"));
        }
        assertNothingWritten();
    }

    @Test
    void emptyObjectListsRequiredFields() throws Exception {
        mvc.perform(post(EXPERIMENTS).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItems("name", "dataset", "space")));
        assertNothingWritten();
    }

    @Test
    void wrongContentTypeIsUnsupported() throws Exception {
        ResultActions result = mvc.perform(post(EXPERIMENTS).contentType(MediaType.TEXT_PLAIN).content(VALID_SPEC));

        expectProblem(result, 415, "unsupported-media-type", EXPERIMENTS);
        result.andExpect(jsonPath("$.detail").value(containsString("application/json")));
        assertNothingWritten();
    }

    @Test
    void missingContentTypeIsUnsupported() throws Exception {
        expectProblem(mvc.perform(post(EXPERIMENTS).content(VALID_SPEC)), 415, "unsupported-media-type", EXPERIMENTS);
        assertNothingWritten();
    }

    @Test
    void oversizedBodyIsTooLarge() throws Exception {
        ObjectNode spec = validSpec();
        spec.put("name", "x".repeat(1024 * 1024 + 1));

        ResultActions result = submit(spec);

        expectProblem(result, 413, "payload-too-large", EXPERIMENTS);
        result.andExpect(jsonPath("$.detail").value(containsString("1048576 bytes")));
        assertNothingWritten();
    }

    private static Arguments invalid(String description, Consumer<ObjectNode> breakSpec, String field, String message) {
        return Arguments.of(description, breakSpec, field, message);
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return (ObjectNode) parent.get(name);
    }

    private static ArrayNode array(ObjectNode parent, String name) {
        return (ArrayNode) parent.get(name);
    }
}
