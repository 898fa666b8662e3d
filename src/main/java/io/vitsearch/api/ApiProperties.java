package io.vitsearch.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP API.
 *
 * @param maxRequestSize largest request body accepted; larger ones get 413 before they are parsed
 * @param maxUploadSize largest body of an image upload ({@code multipart/form-data} or {@code image/*}),
 *     which replaces {@code maxRequestSize} for those bodies
 */
@ConfigurationProperties("vitsearch.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxRequestSize, @DefaultValue("32MB") DataSize maxUploadSize) {

    public ApiProperties {
        if (maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("vitsearch.api.max-request-size must be at least 1B, was " + maxRequestSize);
        }
        if (maxUploadSize.toBytes() < 1) {
            throw new IllegalArgumentException("vitsearch.api.max-upload-size must be at least 1B, was " + maxUploadSize);
        }
    }
}
