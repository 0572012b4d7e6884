package io.jenkins.plugins.flatpak.engine.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link IndexedBuild} as one line of JSON (no newline inside: JSON escapes control characters), written and
 * read with Jackson's streaming API. Streaming reads the 100 000 lines of a large index several times faster
 * than binding each line to an object or a tree (see the index benchmark).
 */
final class IndexLines {
    /** Field names are canonicalized (fast for the few that repeat) but not interned: refs are field names too. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private IndexLines() {}

    static byte[] encode(IndexedBuild b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("buildId", b.buildId());
            writeIfSet(g, "runId", b.runId());
            writeIfSet(g, "appId", b.appId());
            writeIfSet(g, "arch", b.arch());
            writeIfSet(g, "branch", b.branch());
            writeIfSet(g, "status", b.status());
            writeIfSet(g, "repo", b.repo());
            g.writeNumberField("createdAt", b.createdAt());
            g.writeNumberField("updatedAt", b.updatedAt());
            if (!b.published().isEmpty()) {
                g.writeObjectFieldStart("published");
                for (Map.Entry<String, String> e : b.published().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (b.publishedAt() != 0) {
                g.writeNumberField("publishedAt", b.publishedAt());
            }
            writeIfSet(g, "error", b.error());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return bytes.toByteArray();
    }

    /** The build on the line, or null when the line is not a whole JSON object with a build id. */
    static IndexedBuild decode(byte[] buf, int off, int len) {
        String runId = null;
        String buildId = null;
        String appId = null;
        String arch = null;
        String branch = null;
        String status = null;
        String repo = null;
        long createdAt = 0;
        long updatedAt = 0;
        Map<String, String> published = null;
        long publishedAt = 0;
        String error = null;
        try (JsonParser p = FACTORY.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "buildId": buildId = text(p, v); break;
                    case "runId": runId = text(p, v); break;
                    case "appId": appId = text(p, v); break;
                    case "arch": arch = text(p, v); break;
                    case "branch": branch = text(p, v); break;
                    case "status": status = text(p, v); break;
                    case "repo": repo = text(p, v); break;
                    case "createdAt": createdAt = number(p, v); break;
                    case "updatedAt": updatedAt = number(p, v); break;
                    case "publishedAt": publishedAt = number(p, v); break;
                    case "error": error = text(p, v); break;
                    case "published":
                        if (v == JsonToken.START_OBJECT) {
                            published = new LinkedHashMap<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String ref = p.currentName();
                                String commit = text(p, p.nextToken());
                                if (commit != null) {
                                    published.put(ref, commit);
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                        break;
                    default:
                        p.skipChildren(); // a field a newer engine writes
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || buildId == null || buildId.isEmpty()) {
                return null;
            }
        } catch (IOException malformed) {
            return null; // e.g. a line cut short by a crash
        }
        return new IndexedBuild(runId, buildId, appId, arch, branch, status, repo, createdAt, updatedAt, published,
                publishedAt, error);
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static long number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        p.skipChildren();
        return 0;
    }
}
