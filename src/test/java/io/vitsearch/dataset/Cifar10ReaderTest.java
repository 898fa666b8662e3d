package io.vitsearch.dataset;

import static io.vitsearch.dataset.DatasetTestFiles.cifarBatch;
import static io.vitsearch.dataset.DatasetTestFiles.truncate;
import static io.vitsearch.dataset.DatasetTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {

    @TempDir
    Path dir;

    @Test
    void batchesRoundTripInOrder() {
        Path first = write(dir.resolve("data_batch_1.bin"), cifarBatch(3, 9));
        Path second = write(dir.resolve("data_batch_2.bin"), cifarBatch(0));

        ImageDataset dataset = Cifar10Reader.read("cifar", List.of(first, second), Cifar10Reader.CLASS_NAMES);

        assertThat(dataset.size()).isEqualTo(3);
        assertThat(dataset.channels()).isEqualTo(3);
        assertThat(dataset.height()).isEqualTo(32);
        assertThat(dataset.width()).isEqualTo(32);
        assertThat(dataset.labels()).containsExactly(3, 9, 0);
        // Image 1 has label 9, so its red, green and blue planes hold 90, 91 and 92.
        int image = 3072;
        assertThat(dataset.pixels()[image] & 0xff).isEqualTo(90);
        assertThat(dataset.pixels()[image + 1024 + 5] & 0xff).isEqualTo(91);
        assertThat(dataset.pixels()[image + 2048 + 1023] & 0xff).isEqualTo(92);
    }

    @Test
    void metaFileGivesClassNames() {
        write(dir.resolve("batches.meta.txt"), "cat\ndog\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Cifar10Reader.readClassNames(dir)).containsExactly("cat", "dog");
    }

    @Test
    void missingMetaFileGivesStandardNames() {
        assertThat(Cifar10Reader.readClassNames(dir)).isEqualTo(Cifar10Reader.CLASS_NAMES);
    }

    @Test
    void emptyMetaFileIsReported() {
        Path meta = write(dir.resolve("batches.meta.txt"), "\n \n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cifar10Reader.readClassNames(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(meta.toString())
                .hasMessageContaining("contains no class names");
    }

    @Test
    void partialRecordIsReported() {
        byte[] content = cifarBatch(1, 2);
        Path batch = write(dir.resolve("data_batch_1.bin"), truncate(content, content.length - 100));

        assertThatThrownBy(() -> Cifar10Reader.read("cifar", List.of(batch), Cifar10Reader.CLASS_NAMES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(batch.toString())
                .hasMessageContaining("length 6046 bytes is not a multiple of the 3073-byte record")
                .hasMessageContaining("the last record has 2973 bytes");
    }

    @Test
    void emptyBatchIsReported() {
        Path batch = write(dir.resolve("data_batch_1.bin"), new byte[0]);

        assertThatThrownBy(() -> Cifar10Reader.read("cifar", List.of(batch), Cifar10Reader.CLASS_NAMES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(batch.toString())
                .hasMessageContaining("is empty");
    }

    @Test
    void labelOutOfRangeIsReported() {
        Path batch = write(dir.resolve("data_batch_1.bin"), cifarBatch(1, 12));

        assertThatThrownBy(() -> Cifar10Reader.read("cifar", List.of(batch), Cifar10Reader.CLASS_NAMES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(batch.toString())
                .hasMessageContaining("label 12 of record 1 is out of range");
    }

    @Test
    void missingBatchIsReported() {
        Path missing = dir.resolve("data_batch_1.bin");

        assertThatThrownBy(() -> Cifar10Reader.read("cifar", List.of(missing), Cifar10Reader.CLASS_NAMES))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("file not found");
    }
}
