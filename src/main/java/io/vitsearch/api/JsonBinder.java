package io.vitsearch.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import io.vitsearch.search.InvalidSpecException;
import io.vitsearch.search.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a JSON tree to a record and turns every binding problem into {@link Violation}s with full
 * field paths: unknown fields (all of them, binding goes on past each), wrong types, out-of-range
 * numbers and the violations a record's constructor raises as {@link InvalidSpecException}.
 */
public final class JsonBinder {

    private JsonBinder() {
    }

    /**
     * Binds {@code node} to {@code type}, adding unknown fields and the first binding error to
     * {@code violations} with paths under {@code prefix}. Returns null when binding failed.
     */
    public static <T> T bind(JsonMapper mapper, JsonNode node, Class<T> type, String prefix, JsonNode root,
            List<Violation> violations) {
        UnknownFieldCollector unknownFields = new UnknownFieldCollector(prefix);
        try {
            return mapper.readerFor(type).withHandler(unknownFields).readValue(node);
        } catch (JacksonException e) {
            violations.addAll(describe(e, prefix, root));
            return null;
        } finally {
            violations.addAll(unknownFields.found);
        }
    }

    private static List<Violation> describe(JacksonException e, String prefix, JsonNode root) {
        String path = join(prefix, pathOf(e.getPath()));
        Object rejected = valueAt(root, e.getPath());

        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidSpecException invalid) {
            return invalid.violations().stream().map(v -> v.under(path)).toList();
        }
        if (e instanceof InvalidTypeIdException typeId) {
            String message = typeId.getTypeId() == null
                    ? "is required; one of: vit, hierarchical"
                    : "must be one of: vit, hierarchical";
            return List.of(new Violation(join(path, "family"), typeId.getTypeId(), message));
        }
        if (e instanceof InputCoercionException coercion) {
            return List.of(new Violation(path, rejected, "is out of range; must be " + describe(coercion.getTargetType())));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return List.of(new Violation(path, rejected, "must be " + describe(mismatch.getTargetType())));
        }
        String reason = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : e.getOriginalMessage();
        return List.of(new Violation(path, rejected, "is invalid: " + reason));
    }

    /** Names a Java target type the way a JSON caller thinks of it. */
    private static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return type == long.class || type == Long.class ? "a 64-bit integer" : "a 32-bit integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String pathOf(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Object valueAt(JsonNode root, List<JacksonException.Reference> references) {
        JsonNode node = root;
        for (JacksonException.Reference reference : references) {
            if (node == null) {
                return null;
            }
            node = reference.getPropertyName() != null ? node.get(reference.getPropertyName()) : node.get(reference.getIndex());
        }
        return node == null || node.isNull() ? null : node;
    }

    private static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    /** Records each unknown field with its full path and skips its value, so binding goes on. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {

        private final String prefix;

        private final List<Violation> found = new ArrayList<>();

        UnknownFieldCollector(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
            String known = deserializer == null ? "" : deserializer.getKnownPropertyNames().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            String path = join(prefix, pathOf(parser.streamReadContext()));
            // Reading the value as a tree both records it and moves the parser past it.
            Object value = parser.readValueAsTree();
            found.add(new Violation(path, value,
                    "is not a known field" + (known.isEmpty() ? "" : "; known fields: " + known)));
            return true;
        }

        private static String pathOf(TokenStreamContext context) {
            List<String> segments = new ArrayList<>();
            for (TokenStreamContext current = context; current != null && !current.inRoot(); current = current.getParent()) {
                if (current.inObject() && current.currentName() != null) {
                    segments.add(0, "." + current.currentName());
                } else if (current.inArray()) {
                    segments.add(0, "[" + current.getCurrentIndex() + "]");
                }
            }
            String path = String.join("", segments);
            return path.startsWith(".") ? path.substring(1) : path;
        }
    }
}
