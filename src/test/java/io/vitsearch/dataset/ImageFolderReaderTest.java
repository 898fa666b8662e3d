package io.vitsearch.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    @Test
    void classesFollowSortedFolderNames() {
        writeRgb(dir.resolve("zebra/1.png"), 4, 4, new Color(10, 20, 30));
        writeRgb(dir.resolve("ant/b.png"), 4, 4, new Color(40, 50, 60));
        writeRgb(dir.resolve("ant/a.png"), 4, 4, new Color(70, 80, 90));
        writeRgb(dir.resolve("mole/nested/x.png"), 4, 4, new Color(1, 2, 3));

        ImageDataset dataset = ImageFolderReader.read("folder", dir, 3, 4, 4);

        assertThat(dataset.classNames()).containsExactly("ant", "mole", "zebra");
        assertThat(dataset.labels()).containsExactly(0, 0, 1, 2);
        // Files within a class are read in sorted order, so a.png comes first.
        assertThat(dataset.pixels()[0] & 0xff).isEqualTo(70);
        assertThat(dataset.pixels()[16] & 0xff).isEqualTo(80);
        assertThat(dataset.pixels()[32] & 0xff).isEqualTo(90);
    }

    @Test
    void rgbToGrayUsesPillowLuma() {
        writeRgb(dir.resolve("only/a.png"), 3, 3, new Color(202, 100, 50));

        ImageDataset dataset = ImageFolderReader.read("gray", dir, 1, 3, 3);

        // 0.299 * 202 + 0.587 * 100 + 0.114 * 50 = 124.8, rounded to the nearest level as Pillow does.
        assertThat(dataset.pixels()).hasSize(9);
        for (byte value : dataset.pixels()) {
            assertThat(value & 0xff).isEqualTo(125);
        }
    }

    @Test
    void grayImagesKeepStoredValues() {
        BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 128);
        gray.getRaster().setSample(1, 1, 0, 7);
        writeImage(gray, "png", dir.resolve("only/a.png"));

        ImageDataset asGray = ImageFolderReader.read("gray", dir, 1, 2, 2);
        ImageDataset asRgb = ImageFolderReader.read("rgb", dir, 3, 2, 2);

        assertThat(asGray.pixels()).containsExactly(128, 0, 0, 7);
        assertThat(asRgb.pixels()).containsExactly(128, 0, 0, 7, 128, 0, 0, 7, 128, 0, 0, 7);
    }

    @Test
    void jpegAndOtherSizesAreResized() {
        writeRgb(dir.resolve("a/photo.JPG"), 40, 30, new Color(120, 120, 120));
        writeRgb(dir.resolve("b/small.png"), 3, 5, new Color(0, 255, 0));

        ImageDataset dataset = ImageFolderReader.read("mixed", dir, 3, 8, 8);

        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.height()).isEqualTo(8);
        assertThat(dataset.width()).isEqualTo(8);
        // A uniform image stays uniform under resizing, but JPEG may shift a flat gray slightly.
        for (int i = 0; i < 3 * 64; i++) {
            assertThat(dataset.pixels()[i] & 0xff).isBetween(117, 123);
        }
        for (int i = 0; i < 64; i++) {
            assertThat(dataset.pixels()[3 * 64 + i] & 0xff).isZero();
            assertThat(dataset.pixels()[3 * 64 + 64 + i] & 0xff).isEqualTo(255);
        }
    }

    @Test
    void alphaIsDropped() {
        BufferedImage translucent = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                translucent.setRGB(x, y, 0x10_c8_64_32);
            }
        }
        writeImage(translucent, "png", dir.resolve("only/a.png"));

        ImageDataset dataset = ImageFolderReader.read("alpha", dir, 3, 2, 2);

        assertThat(dataset.pixels()[0] & 0xff).isEqualTo(0xc8);
        assertThat(dataset.pixels()[4] & 0xff).isEqualTo(0x64);
        assertThat(dataset.pixels()[8] & 0xff).isEqualTo(0x32);
    }

    @Test
    void hiddenAndOtherFilesAreIgnored() {
        writeRgb(dir.resolve("cls/a.png"), 2, 2, Color.RED);
        writeText(dir.resolve("cls/notes.txt"), "not an image");
        writeText(dir.resolve("cls/.hidden.png"), "not an image either");
        writeRgb(dir.resolve(".cache/a.png"), 2, 2, Color.RED);

        ImageDataset dataset = ImageFolderReader.read("ignored", dir, 3, 2, 2);

        assertThat(dataset.classNames()).containsExactly("cls");
        assertThat(dataset.size()).isEqualTo(1);
    }

    @Test
    void emptyClassFolderIsReported() {
        writeRgb(dir.resolve("full/a.png"), 2, 2, Color.RED);
        writeText(dir.resolve("empty/readme.txt"), "no images here");

        assertThatThrownBy(() -> ImageFolderReader.read("empty", dir, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(dir.resolve("empty").toString())
                .hasMessageContaining("class folder contains no images");
    }

    @Test
    void corruptImageIsNamed() {
        writeRgb(dir.resolve("cls/good.png"), 2, 2, Color.RED);
        Path broken = dir.resolve("cls/broken.png");
        writeText(broken, "this is not a PNG");

        assertThatThrownBy(() -> ImageFolderReader.read("corrupt", dir, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("cannot decode the image");
    }

    @Test
    void truncatedPngIsNamed() throws IOException {
        Path good = dir.resolve("cls/a.png");
        writeRgb(good, 16, 16, Color.BLUE);
        byte[] content = Files.readAllBytes(good);
        Path truncated = dir.resolve("cls/b.png");
        Files.write(truncated, DatasetTestFiles.truncate(content, content.length / 2));

        assertThatThrownBy(() -> ImageFolderReader.read("truncated", dir, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(truncated.toString());
    }

    @Test
    void folderWithoutClassFoldersIsReported() {
        writeRgb(dir.resolve("loose.png"), 2, 2, Color.RED);

        assertThatThrownBy(() -> ImageFolderReader.read("flat", dir, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("contains no class folders");
    }

    @Test
    void missingFolderIsReported() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> ImageFolderReader.read("missing", missing, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("folder not found");
    }

    @Test
    void linkToImageOutsideFolderIsReported() throws IOException {
        Path outside = dir.resolve("outside/secret.png");
        writeRgb(outside, 2, 2, Color.RED);
        Path root = dir.resolve("root");
        writeRgb(root.resolve("cls/a.png"), 2, 2, Color.RED);
        Path link = root.resolve("cls/b.png");
        try {
            Files.createSymbolicLink(link, outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links are not supported here: " + e).isTrue();
        }

        assertThatThrownBy(() -> ImageFolderReader.read("escape", root, 3, 2, 2))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("outside the image folder");
    }

    static void writeRgb(Path file, int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        String name = file.getFileName().toString().toLowerCase();
        writeImage(image, name.endsWith(".png") ? "png" : "jpeg", file);
    }

    static void writeImage(BufferedImage image, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeText(Path file, String text) {
        DatasetTestFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
