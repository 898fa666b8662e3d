package io.vitsearch.supernet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.vitsearch.search.SearchJson;
import io.vitsearch.search.VitArchitecture;

/**
 * Writes a subnet as a standalone model zip that {@link StandaloneVitModel} reads:
 * <ul>
 * <li>{@code config.json}: the architecture's canonical JSON;</li>
 * <li>{@code model.safetensors}: only the subnet's tensors at the subnet's sizes, named as in the
 * supernet ({@code patch_embed.weight}, {@code blocks.0.attn.q.weight}, ...), float32, linear
 * weights as (in, out);</li>
 * <li>{@code metrics.json}: the metrics given, as a JSON object.</li>
 * </ul>
 */
public final class SubnetExport {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String METRICS = "metrics.json";

    private SubnetExport() {
    }

    /** Writes the zip to {@code zipFile}, replacing it only once the zip is complete. */
    public static void write(VitSupernet supernet, VitArchitecture architecture, Map<String, ?> metrics, Path zipFile)
            throws IOException {
        Path absolute = zipFile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".partial");
        try (NDManager export = supernet.manager().newSubManager();
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            NDList tensors = supernet.subnetTensors(architecture, export);

            putText(zip, CONFIG, SearchJson.canonical(architecture));
            zip.putNextEntry(new ZipEntry(WEIGHTS));
            tensors.encode(unclosable(zip), NDList.Encoding.SAFETENSORS);
            zip.closeEntry();
            putText(zip, METRICS, SearchJson.mapper().writeValueAsString(metrics));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Keeps an encoder that closes its stream from closing the whole zip. */
    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
