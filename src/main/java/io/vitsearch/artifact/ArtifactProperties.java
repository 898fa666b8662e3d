package io.vitsearch.artifact;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the artifact store.
 *
 * @param directory root folder of checkpoints and exported models; defaults to
 *     {@code ~/.vitsearch/artifacts}. Several machines share artifacts by pointing this at one volume.
 */
@ConfigurationProperties("vitsearch.artifacts")
public record ArtifactProperties(Path directory) {

    public ArtifactProperties {
        if (directory == null) {
            directory = Path.of(System.getProperty("user.home"), ".vitsearch", "artifacts");
        }
    }
}
