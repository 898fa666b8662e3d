package io.vitsearch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vitsearch.artifact.ArtifactStore;
import io.vitsearch.artifact.StoredArtifact;
import io.vitsearch.queue.Lease;
import io.vitsearch.search.VitArchitecture;
import io.vitsearch.search.VitLayer;
import io.vitsearch.search.VitSpace;
import io.vitsearch.supernet.StandaloneVitModel;
import io.vitsearch.supernet.SubnetExport;
import io.vitsearch.supernet.VitSupernet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** Model download and prediction with a tiny model exported from a real DJL supernet. */
class ExperimentModelApiTest extends ResultsTestSupport {

    /** 8x8 grayscale images in 4x4 patches, 3 classes. */
    private static final VitSpace TINY = new VitSpace(8, 1, 4, 3, List.of(8), List.of(1), List.of(1, 2),
            List.of(1.0, 2.0), List.of(4, 8));

    private static final VitArchitecture TINY_ARCHITECTURE = new VitArchitecture(8, 1, 4, 3, 8, 1,
            List.of(new VitLayer(2, 2.0, 8)));

    private static final float MEAN = 0.5f;

    private static final float STD = 0.25f;

    @TempDir
    static Path exportFolder;

    static Path modelZip;

    @Autowired
    ArtifactStore artifacts;

    @BeforeAll
    static void exportTinyModel() throws IOException {
        modelZip = exportFolder.resolve("tiny.zip");
        try (VitSupernet supernet = VitSupernet.create(TINY, 7)) {
            SubnetExport.write(supernet, TINY_ARCHITECTURE, Map.of(
                    "validationError", 0.4,
                    "normalizationMean", List.of(MEAN),
                    "normalizationStd", List.of(STD),
                    "classNames", List.of("circle", "square", "triangle")), modelZip);
        }
    }

    @Test
    void downloadReturnsStoredBytesWithChecksums() throws Exception {
        UUID id = submitted("download");
        StoredArtifact stored = exportedModel(id);
        String archId = TINY_ARCHITECTURE.id();

        byte[] body = mvc.perform(get(modelUrl(id, archId)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"download-" + archId + ".zip\""))
                .andExpect(header().string("X-Checksum-SHA256", stored.sha256()))
                .andExpect(header().string("ETag", "\"" + stored.sha256() + "\""))
                .andExpect(header().string("Digest",
                        "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256()))))
                .andReturn().getResponse().getContentAsByteArray();

        assertThat(body).isEqualTo(Files.readAllBytes(modelZip));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))).isEqualTo(stored.sha256());
        assertThat(stored.size()).isEqualTo(body.length);

        mvc.perform(get(modelUrl(id, archId)).header("If-None-Match", "\"" + stored.sha256() + "\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void modelNotExportedOrUnknownIsNotFound() throws Exception {
        UUID id = submitted("not-exported");
        Lease lease = runningExperiment(id, "worker-a");
        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, TINY_ARCHITECTURE, 0.4, null, 10, 20, null,
                null));
        String archId = TINY_ARCHITECTURE.id();

        expectProblem(mvc.perform(get(modelUrl(id, archId))), 404, "not-found", modelUrl(id, archId))
                .andExpect(jsonPath("$.detail").value(containsString("not exported yet")))
                .andExpect(jsonPath("$.detail").value(containsString(archId)));
        expectProblem(mvc.perform(get(modelUrl(id, "0000000000000000"))), 404, "not-found",
                modelUrl(id, "0000000000000000"))
                .andExpect(jsonPath("$.detail").value(containsString("0000000000000000")));
        expectProblem(mvc.perform(multipart(predictUrl(id, archId)).file(image("a.png", encode(gray(8, 8), "png")))),
                404, "not-found", predictUrl(id, archId));
    }

    @Test
    void predictGivesOneDistributionPerImage() throws Exception {
        UUID id = submitted("predict");
        exportedModel(id);
        String archId = TINY_ARCHITECTURE.id();

        String body = mvc.perform(multipart(predictUrl(id, archId))
                        .file(image("gray.png", encode(gray(8, 8), "png")))
                        .file(image("color.png", encode(color(16, 12), "png")))
                        .file(image("photo.jpg", encode(color(20, 20), "jpeg")))
                        .param("top", "3"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        JsonNode response = JSON.readTree(body);
        assertThat(response.get("archId").asString()).isEqualTo(archId);
        JsonNode images = response.get("images");
        assertThat(images.size()).isEqualTo(3);
        assertThat(images.get(0).get("image").asString()).isEqualTo("gray.png");
        assertThat(images.get(2).get("image").asString()).isEqualTo("photo.jpg");
        for (JsonNode image : images) {
            assertThat(image.get("top").asInt()).isEqualTo(3);
            JsonNode predictions = image.get("predictions");
            assertThat(predictions.size()).isEqualTo(3);
            double sum = 0;
            double previous = 1;
            for (JsonNode prediction : predictions) {
                double probability = prediction.get("probability").asDouble();
                assertThat(probability).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous);
                previous = probability;
                sum += probability;
                int classIndex = prediction.get("classIndex").asInt();
                assertThat(prediction.get("className").asString())
                        .isEqualTo(List.of("circle", "square", "triangle").get(classIndex));
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void predictMatchesModelOnNormalisedPixels() throws Exception {
        UUID id = submitted("same-as-model");
        exportedModel(id);
        BufferedImage image = gray(8, 8);

        String body = mvc.perform(post(predictUrl(id, TINY_ARCHITECTURE.id())).param("top", "3")
                        .contentType(MediaType.IMAGE_PNG).content(encode(image, "png")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.images.length()").value(1))
                .andExpect(jsonPath("$.images[0].image").value((Object) null))
                .andReturn().getResponse().getContentAsString();

        float[] pixels = new float[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                pixels[y * 8 + x] = (image.getRaster().getSample(x, y, 0) / 255f - MEAN) / STD;
            }
        }
        float[] expected;
        try (StandaloneVitModel model = StandaloneVitModel.load(modelZip, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            expected = model.logits(manager.create(pixels, new Shape(1, 1, 8, 8))).softmax(1).toFloatArray();
        }
        for (JsonNode prediction : JSON.readTree(body).get("images").get(0).get("predictions")) {
            assertThat(prediction.get("probability").asDouble())
                    .isCloseTo(expected[prediction.get("classIndex").asInt()], within(1e-5));
        }
    }

    @Test
    void defaultTopIsCappedAtClassCount() throws Exception {
        UUID id = submitted("default-top");
        exportedModel(id);

        mvc.perform(multipart(predictUrl(id, TINY_ARCHITECTURE.id())).file(image("a.png", encode(gray(8, 8), "png"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.images[0].top").value(3))
                .andExpect(jsonPath("$.images[0].predictions.length()").value(3));
        mvc.perform(multipart(predictUrl(id, TINY_ARCHITECTURE.id())).file(image("a.png", encode(gray(8, 8), "png")))
                        .param("top", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.images[0].predictions.length()").value(1));
    }

    @Test
    void corruptOrForeignImageIsBadRequest() throws Exception {
        UUID id = submitted("corrupt");
        exportedModel(id);
        String url = predictUrl(id, TINY_ARCHITECTURE.id());
        byte[] truncated = Arrays.copyOf(encode(color(16, 16), "png"), 40);

        expectProblem(mvc.perform(multipart(url)
                        .file(image("good.png", encode(gray(8, 8), "png")))
                        .file(image("broken.png", truncated))
                        .file(image("text.png", "not an image".getBytes()))
                        .file(image("anim.gif", encode(color(8, 8), "gif")))), 400, "invalid-request", url)
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("image[1]"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value("broken.png"))
                .andExpect(jsonPath("$.errors[1].field").value("image[2]"))
                .andExpect(jsonPath("$.errors[1].message").value(containsString("not a PNG or JPEG")))
                .andExpect(jsonPath("$.errors[2].message").value(containsString("GIF")));
        expectProblem(mvc.perform(post(url).contentType(MediaType.IMAGE_JPEG).content(truncated)), 400,
                "invalid-request", url);
    }

    @Test
    void tooManyOrNoImagesAreBadRequest() throws Exception {
        UUID id = submitted("too-many");
        exportedModel(id);
        String url = predictUrl(id, TINY_ARCHITECTURE.id());
        byte[] png = encode(gray(8, 8), "png");
        MockMultipartHttpServletRequestBuilder request = multipart(url);
        for (int i = 0; i < 65; i++) {
            request.file(image("image-" + i + ".png", png));
        }

        expectProblem(mvc.perform(request), 400, "invalid-request", url)
                .andExpect(jsonPath("$.errors[0].field").value("image"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("at most 64")));
        expectProblem(mvc.perform(multipart(url).file(new MockMultipartFile("other", "a.png", "image/png", png))),
                400, "invalid-request", url)
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("image"))
                .andExpect(jsonPath("$.errors[0].rejectedValue").value((Object) null))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("multipart part named image")));
        expectProblem(mvc.perform(multipart(url).file(image("a.png", png)).param("top", "0")), 400,
                "invalid-request", url);
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnsupportedMediaType());
    }

    /** Stores the tiny model in the artifact store and records it as the experiment's rank-1 architecture. */
    private StoredArtifact exportedModel(UUID id) throws IOException {
        Lease lease = runningExperiment(id, "worker-a");
        StoredArtifact stored = artifacts.store("experiments/" + id + "/models/" + TINY_ARCHITECTURE.id() + ".zip",
                modelZip);
        recorder.recordArchitecture(lease, id, new ArchitectureRecord(1, TINY_ARCHITECTURE, 0.4, 0.55, 1234, 5678,
                stored.relativePath(), stored.sha256()));
        return stored;
    }

    private static String modelUrl(UUID id, String archId) {
        return EXPERIMENTS + "/" + id + "/architectures/" + archId + "/model";
    }

    private static String predictUrl(UUID id, String archId) {
        return EXPERIMENTS + "/" + id + "/architectures/" + archId + "/predict";
    }

    private static MockMultipartFile image(String name, byte[] bytes) {
        return new MockMultipartFile("image", name, "application/octet-stream", bytes);
    }

    private static BufferedImage gray(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 31 + y * 17) % 256);
            }
        }
        return image;
    }

    private static BufferedImage color(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, new Color((x * 40) % 256, (y * 60) % 256, 128).getRGB());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }
}
