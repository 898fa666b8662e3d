package io.vitsearch.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of the search domain, independent of any Spring configuration so that checkpoints and
 * exported models read the same way in every process.
 */
public final class SearchJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SearchJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Returns the canonical JSON of an architecture: family first, then fields in declaration order. */
    public static String canonical(Architecture architecture) {
        return MAPPER.writerFor(Architecture.class).writeValueAsString(architecture);
    }

    public static Architecture parseArchitecture(String json) {
        return MAPPER.readValue(json, Architecture.class);
    }

    static String architectureId(Architecture architecture) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(architecture).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
