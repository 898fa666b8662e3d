package io.vitsearch.dataset;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dataset settings.
 *
 * @param packageRoot folder where Debian dataset packages install their files, for example
 *        {@code dataset-fashion-mnist} into {@code fashion-mnist/} below it
 * @param allowedRoots folders below which registered datasets must lie; empty rejects every
 *        registration
 */
@ConfigurationProperties("vitsearch.datasets")
public record DatasetProperties(@DefaultValue("/usr/share/datasets") Path packageRoot,
                                @DefaultValue List<Path> allowedRoots) {

    public DatasetProperties {
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
    }
}
