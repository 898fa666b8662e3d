package io.vitsearch.experiment.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON of experiment specs. Reading is strict: unknown fields, numbers given as strings, fractions
 * for integer fields and numbers for text fields are all rejected instead of coerced.
 */
public final class SpecJson {

    private static final JsonMapper MAPPER = strictBuilder().build();

    /** Writes properties and map keys in sorted order, so equal specs give equal text. */
    private static final JsonMapper CANONICAL = strictBuilder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private SpecJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Returns the spec as JSON with fields in declaration order, as stored and returned by the API. */
    public static String write(ExperimentSpec spec) {
        return MAPPER.writeValueAsString(spec);
    }

    /** Returns the SHA-256, in hex, of the spec's canonical JSON: sorted keys, defaults filled in. */
    public static String hash(ExperimentSpec spec) {
        byte[] canonical = CANONICAL.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static JsonMapper.Builder strictBuilder() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
