package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the properties of one manifest object the way json-glib deserializes it into flatpak-builder's builder
 * object: a value of the type the property has is kept; a value of another type is dropped with a warning, as
 * flatpak-builder warns ("Failed to deserialize ...") and leaves the property unset; an unknown property is
 * dropped with a warning ("Unknown property ..."); {@code //} and {@code __} keys are comments; {@code x-} keys
 * are kept. Lists of modules and sources, build options and extensions are left to the caller, which reads them
 * with the same rules.
 */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private Values() {}

    /**
     * An object as flatpak-builder reads it.
     *
     * @param values  the properties it keeps (structured ones as written, for the caller), never null values
     * @param dropped properties it drops for their type, with the value written
     */
    record Read(ObjectNode values, Map<String, JsonNode> dropped) {
        String text(String key) {
            JsonNode v = values.get(key);
            return v != null && v.isTextual() ? v.textValue() : null;
        }

        boolean bool(String key, boolean absent) {
            JsonNode v = values.get(key);
            return v != null && v.isBoolean() ? v.booleanValue() : absent;
        }

        /** The strings of a list property; empty when absent. */
        List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            JsonNode v = values.get(key);
            if (v != null && v.isArray()) {
                v.forEach(e -> out.add(e.textValue()));
            }
            return out;
        }

        /** A list property as flatpak-builder has it: null when unset, possibly empty when set. */
        List<String> stringsOrNull(String key) {
            return values.has(key) ? strings(key) : null;
        }

        JsonNode get(String key) {
            return values.get(key);
        }

        boolean has(String key) {
            return values.has(key);
        }
    }

    static Read read(ObjectNode raw, ManifestProperties.Scope scope, Where where, Problems problems) {
        ObjectNode values = NODES.objectNode();
        Map<String, JsonNode> dropped = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (ManifestProperties.commentKey(key)) {
                continue;
            }
            PropertyType type = scope.type(key);
            if (type == null) {
                if (ManifestProperties.extensionKey(key)) {
                    values.set(key, value);
                } else {
                    problems.warning(where, where.field(key), "unknown " + scope.what()
                            + " property: flatpak-builder ignores it");
                }
                continue;
            }
            if (ManifestProperties.NEWER_THAN_1_2_3.contains(key)) {
                problems.warning(where, where.field(key), "flatpak-builder 1.2.3 does not know this " + scope.what()
                        + " property and ignores it (newer releases read it)");
            }
            JsonNode kept = convert(type, value, key, where, problems);
            if (kept != null) {
                values.set(key, kept);
            } else if (!value.isNull() || !acceptsNull(type)) {
                dropped.put(key, value);
            }
        }
        return new Read(values, dropped);
    }

    /** The value flatpak-builder keeps, or null when it keeps none (reported when that is a type problem). */
    private static JsonNode convert(PropertyType type, JsonNode value, String key, Where where, Problems problems) {
        if (type.structured()) {
            return value.isNull() ? null : value;
        }
        switch (type) {
            case STRING:
                if (value.isTextual()) {
                    return value;
                }
                if (value.isNull()) {
                    return null;
                }
                break;
            case BOOLEAN:
                if (value.isBoolean()) {
                    return value;
                }
                break;
            case STRINGS:
                if (value.isArray()) {
                    return strings((ArrayNode) value, where, where.field(key), problems);
                }
                break;
            default:
                if (value.isIntegralNumber()) {
                    return integer(type, value, where, where.field(key), problems);
                }
                break;
        }
        problems.warning(where, where.field(key), wrongType(type, value));
        return null;
    }

    /** json-glib sets a string property to NULL for a JSON null; every other plain type refuses null. */
    private static boolean acceptsNull(PropertyType type) {
        return type == PropertyType.STRING || type.structured();
    }

    static String wrongType(PropertyType type, JsonNode value) {
        String hint = type == PropertyType.STRING && value.isNumber() ? " (quote it to make it text)"
                : type == PropertyType.BOOLEAN && value.isTextual() ? " (write true or false, unquoted)" : "";
        return "expected " + type.expected + ", found " + describe(value) + hint + ": flatpak-builder ignores the value";
    }

    private static ArrayNode strings(ArrayNode list, Where where, String field, Problems problems) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            if (e.isTextual()) {
                out.add(e);
            } else {
                problems.warning(where, field + "[" + i + "]", "expected a string, found " + describe(e)
                        + ": flatpak-builder leaves it out of the list");
            }
        }
        return out;
    }

    /** What GObject makes of the integer: C's conversion to the property's width, then the property's range. */
    private static JsonNode integer(PropertyType type, JsonNode value, Where where, String field, Problems problems) {
        long v = value.canConvertToLong() ? value.longValue()
                : value.bigIntegerValue().max(LONG_MIN).min(LONG_MAX).longValue();
        long min;
        long max;
        switch (type) {
            case INT -> {
                v = (int) v;
                min = -1;
                max = Integer.MAX_VALUE;
            }
            case UINT -> {
                v = Integer.toUnsignedLong((int) v);
                min = 0;
                max = 0xffff_ffffL;
            }
            case INT64 -> {
                min = 0;
                max = Long.MAX_VALUE;
            }
            default -> {
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
            }
        }
        if (v < min || v > max) {
            problems.warning(where, field, "the integer " + value.asText() + " is out of range (" + min + " to " + max
                    + "): flatpak-builder ignores the value");
            return null;
        }
        return NODES.numberNode(v);
    }

    /** A short description of a value for a type message: its kind and, for scalars, the value itself. */
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
}
