package io.vitsearch.dataset;

import static io.vitsearch.dataset.DatasetTestFiles.idxImages;
import static io.vitsearch.dataset.DatasetTestFiles.idxLabels;
import static io.vitsearch.dataset.DatasetTestFiles.truncate;
import static io.vitsearch.dataset.DatasetTestFiles.write;
import static io.vitsearch.dataset.DatasetTestFiles.writeGzipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final List<String> THREE_CLASSES = List.of("a", "b", "c");

    @TempDir
    Path dir;

    @Test
    void rawFilesRoundTrip() {
        Path images = write(dir.resolve("images"), idxImages(4, 2, 3));
        Path labels = write(dir.resolve("labels"), idxLabels(0, 2, 1, 2));

        ImageDataset dataset = IdxReader.read("tiny", images, labels, THREE_CLASSES);

        assertThat(dataset.size()).isEqualTo(4);
        assertThat(dataset.channels()).isEqualTo(1);
        assertThat(dataset.height()).isEqualTo(2);
        assertThat(dataset.width()).isEqualTo(3);
        assertThat(dataset.labels()).containsExactly(0, 2, 1, 2);
        assertThat(dataset.classNames()).isEqualTo(THREE_CLASSES);
        for (int image = 0; image < 4; image++) {
            for (int pixel = 0; pixel < 6; pixel++) {
                assertThat(dataset.pixels()[image * 6 + pixel] & 0xff)
                        .isEqualTo(DatasetTestFiles.pixelValue(image, pixel));
            }
        }
    }

    @Test
    void gzippedFilesMatchRawFiles() {
        ImageDataset raw = IdxReader.read("raw", write(dir.resolve("images"), idxImages(5, 4, 4)),
                write(dir.resolve("labels"), idxLabels(0, 1, 2, 0, 1)), THREE_CLASSES);
        // The image file has no .gz suffix, because gzip is detected by its magic bytes.
        ImageDataset gzipped = IdxReader.read("gzipped", writeGzipped(dir.resolve("images-gz"), idxImages(5, 4, 4)),
                writeGzipped(dir.resolve("labels.gz"), idxLabels(0, 1, 2, 0, 1)), THREE_CLASSES);

        assertThat(gzipped.pixels()).isEqualTo(raw.pixels());
        assertThat(gzipped.labels()).isEqualTo(raw.labels());
    }

    @Test
    void labelsAboveOneHundredTwentySevenAreUnsigned() {
        int[] labels = IdxReader.readLabels(write(dir.resolve("labels"), idxLabels(200, 255)));

        assertThat(labels).containsExactly(200, 255);
    }

    @Test
    void wrongImageMagicNamesFileAndValue() {
        byte[] content = idxImages(1, 2, 2);
        content[3] = 0x02;
        Path images = write(dir.resolve("images"), content);

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("magic number 2050 is not 2051")
                .extracting(e -> ((DatasetException) e).path()).isEqualTo(images);
    }

    @Test
    void swappedFilesAreReported() {
        Path images = write(dir.resolve("images"), idxImages(2, 2, 2));
        Path labels = write(dir.resolve("labels"), idxLabels(0, 1));

        assertThatThrownBy(() -> IdxReader.read("swapped", labels, images, THREE_CLASSES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("magic number 2049 is not 2051")
                .hasMessageContaining("may be swapped");
    }

    @Test
    void wrongLabelMagicNamesFile() {
        byte[] content = idxLabels(0, 1);
        content[2] = 0x0d;
        Path labels = write(dir.resolve("labels"), content);

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("is not 2049")
                .hasMessageContaining("not an IDX file");
    }

    @Test
    void zeroDimensionIsRejected() {
        byte[] content = idxImages(1, 2, 2);
        content[11] = 0;
        Path images = write(dir.resolve("images"), content);

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("row count of 0");
    }

    @Test
    void truncatedRawImagesAreReported() {
        byte[] content = idxImages(3, 2, 2);
        Path images = write(dir.resolve("images"), truncate(content, content.length - 5));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("3 images of 2x2 (12 bytes after the header), but only 7 bytes follow");
    }

    @Test
    void truncatedGzippedImagesAreReported() {
        byte[] content = idxImages(3, 2, 2);
        Path images = writeGzipped(dir.resolve("images.gz"), truncate(content, content.length - 1));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("but only 11 bytes follow");
    }

    @Test
    void cutGzipStreamIsReported() {
        Path full = writeGzipped(dir.resolve("full.gz"), idxImages(50, 8, 8));
        byte[] compressed = readAll(full);
        Path images = write(dir.resolve("cut.gz"), truncate(compressed, compressed.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void truncatedHeaderIsReported() {
        Path labels = write(dir.resolve("labels"), truncate(idxLabels(1, 2), 6));

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("truncated inside the IDX header");
    }

    @Test
    void trailingBytesAreReported() {
        byte[] content = idxLabels(1, 2);
        byte[] longer = new byte[content.length + 1];
        System.arraycopy(content, 0, longer, 0, content.length);
        Path labels = write(dir.resolve("labels"), longer);

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("has bytes after the 2 labels");
    }

    @Test
    void labelCountMismatchIsReported() {
        Path images = write(dir.resolve("images"), idxImages(3, 2, 2));
        Path labels = write(dir.resolve("labels"), idxLabels(0, 1));

        assertThatThrownBy(() -> IdxReader.read("mismatch", images, labels, THREE_CLASSES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("contains 2 labels")
                .hasMessageContaining("contains 3 images");
    }

    @Test
    void labelOutOfRangeIsReported() {
        Path images = write(dir.resolve("images"), idxImages(3, 2, 2));
        Path labels = write(dir.resolve("labels"), idxLabels(0, 7, 1));

        assertThatThrownBy(() -> IdxReader.read("range", images, labels, THREE_CLASSES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("label 7 of image 1 is out of range")
                .hasMessageContaining("3 classes");
    }

    @Test
    void missingFileIsReported() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> IdxReader.readLabels(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("file not found");
    }

    @Test
    void hugeDeclaredCountFailsAsTruncated() {
        byte[] content = idxLabels(1, 2);
        content[4] = 0x7f;
        Path labels = write(dir.resolve("labels"), content);

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("only 2 bytes follow");
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
