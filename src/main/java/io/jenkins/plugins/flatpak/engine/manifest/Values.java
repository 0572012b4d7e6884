package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Type checks of an object's properties against a schema, and typed reads that return nothing for a value
 * of the wrong type (the type problem has then already been reported). A JSON null counts as absent, as
 * it does for flatpak-builder.
 */
final class Fields {
    private Fields() {}

    /**
     * Reports every property of {@code object} whose value has the wrong plain type as an error, and every
     * property flatpak-builder does not know as a warning. Structured types are left to the caller.
     */
    static void check(ObjectNode object, Map<String, FieldType> schema, String what, Where where, Problems problems) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            FieldType type = schema.get(key);
            if (type == null) {
                if (!ManifestFields.ignoredKey(key)) {
                    problems.warning(where, where.field(key),
                            "unknown " + what + " property (flatpak-builder ignores it)");
                }
                continue;
            }
            if (value.isNull()) {
                continue;
            }
            switch (type) {
                case STRING -> expect(value.isTextual(), type, value, where.field(key), where, problems);
                case BOOLEAN -> expect(value.isBoolean(), type, value, where.field(key), where, problems);
                case INTEGER -> expect(value.isIntegralNumber() && value.canConvertToLong(), type, value,
                        where.field(key), where, problems);
                case STRINGS -> strings(value, where.field(key), where, problems);
                default -> {
                    // walked by the caller
                }
            }
        }
    }

    private static void strings(JsonNode value, String field, Where where, Problems problems) {
        if (!value.isArray()) {
            problems.error(where, field, "expected " + FieldType.STRINGS.expected + ", found " + describe(value));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                problems.error(where, field + "[" + i + "]", "expected a string, found " + describe(element));
            }
        }
    }

    private static void expect(boolean ok, FieldType type, JsonNode value, String field, Where where,
            Problems problems) {
        if (!ok) {
            String hint = type == FieldType.STRING && value.isNumber() ? " (quote it to make it text)"
                    : type == FieldType.BOOLEAN && value.isTextual() ? " (write true or false, unquoted)" : "";
            problems.error(where, field, "expected " + type.expected + ", found " + describe(value) + hint);
        }
    }

    /** A short description of a value for a type error: its kind and, for scalars, the value itself. */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string " + Names.quote(value.textValue());
        }
        if (value.isIntegralNumber()) {
            return "the integer " + value.asText();
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean()) {
            return "the boolean " + value.asText();
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "null";
    }

    static String text(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    static boolean bool(JsonNode object, String key, boolean absent) {
        JsonNode v = object.get(key);
        return v != null && v.isBoolean() ? v.booleanValue() : absent;
    }

    static boolean present(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v != null && !v.isNull();
    }

    /** The strings of a list property; empty when absent or mistyped. */
    static List<String> strings(JsonNode object, String key) {
        JsonNode v = object.get(key);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                if (e.isTextual()) {
                    out.add(e.textValue());
                }
            }
        }
        return out;
    }
}
