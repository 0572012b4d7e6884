package io.jenkins.plugins.flatpak.engine.index;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads lines of the index file into a {@link BuildTable}. One parser reads a whole chunk of lines (a parser per
 * line costs more than the parsing), checking that each JSON object is alone on its line; an unreadable line
 * (one cut short by a crash) is skipped and the next line read with a new parser. Values are looked up from the
 * parser's characters, so a line makes no strings but for a build id, app or job not seen before.
 */
final class IndexLoader {
    private final BuildTable table;
    private final Facts facts = new Facts();
    private int lines;

    /** What the table keeps of one line. */
    static final class Facts {
        final char[] id = new char[BuildTable.MAX_ID];
        int idLength;
        int status;
        int app;
        int repo;
        boolean hasRun;
        int runGroup;
        int runNumber;
        long createdAt;
        long publishedAt;
        /** The refs of {@code published}: field names, which the parser keeps as shared strings. */
        final List<String> refs = new ArrayList<>();

        void clear() {
            idLength = 0;
            status = app = repo = runGroup = StringCodes.NONE;
            hasRun = false;
            runNumber = -1;
            createdAt = publishedAt = 0;
            refs.clear();
        }
    }

    IndexLoader(BuildTable table) {
        this.table = table;
    }

    /** Lines that were not blank, read or not. */
    int lines() {
        return lines;
    }

    /** Reads {@code buf[off, end)}, whole lines; {@code at} is the file offset of {@code buf[off]}. */
    void chunk(byte[] buf, int off, int end, long at) {
        int pos = off;
        while (pos < end) {
            pos = run(buf, pos, end, at + (pos - off));
        }
    }

    /** Reads lines with one parser until the end or a bad line; returns where to go on. */
    private int run(byte[] buf, int start, int end, long at) {
        int lineStart = start;
        int newline = newline(buf, start, end);
        try (JsonParser p = IndexLines.FACTORY.createParser(buf, start, end - start)) {
            while (lineStart < end) {
                newline = newline(buf, lineStart, end);
                if (blank(buf, lineStart, newline)) {
                    lineStart = newline + 1;
                    continue;
                }
                lines++;
                JsonToken t = p.nextToken();
                long tokenAt = start + p.currentTokenLocation().getByteOffset();
                if (t != JsonToken.START_OBJECT || tokenAt < lineStart || tokenAt >= newline) {
                    return newline + 1;
                }
                boolean usable = readObject(p);
                long after = start + p.currentLocation().getByteOffset();
                if (p.currentToken() != JsonToken.END_OBJECT || after > newline || !blank(buf, (int) after, newline)) {
                    return newline + 1;
                }
                if (usable) {
                    table.put(facts, at + (lineStart - start), newline - lineStart);
                }
                lineStart = newline + 1;
            }
            return end;
        } catch (IOException malformed) {
            return newline + 1;
        }
    }

    /** Reads one object into {@link #facts}; true when it has a usable build id. */
    private boolean readObject(JsonParser p) throws IOException {
        facts.clear();
        boolean idOk = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "buildId":
                    idOk = v == JsonToken.VALUE_STRING && setId(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case "runId":
                    if (v == JsonToken.VALUE_STRING) {
                        setRun(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                    break;
                case "appId": facts.app = code(p, v, table.apps()); break;
                case "status": facts.status = code(p, v, table.statuses()); break;
                case "repo": facts.repo = code(p, v, table.repos()); break;
                case "createdAt": facts.createdAt = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0; break;
                case "publishedAt": facts.publishedAt = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0; break;
                case "published":
                    if (v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String ref = p.currentName();
                            if (p.nextToken() == JsonToken.VALUE_STRING) {
                                facts.refs.add(ref); // the checksum is read from the line when shown
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren(); // read when the build is shown, or a field a newer engine writes
            }
        }
        return idOk;
    }

    private boolean setId(char[] chars, int off, int len) {
        if (len < 1 || len > BuildTable.MAX_ID) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = chars[off + i];
            if (c <= ' ' || c > '~') {
                return false;
            }
            facts.id[i] = c;
        }
        facts.idLength = len;
        return true;
    }

    private void setRun(char[] chars, int off, int len) {
        int hash = -1;
        for (int i = off + len - 1; i >= off; i--) {
            if (chars[i] == '#') {
                hash = i;
                break;
            }
        }
        facts.hasRun = true;
        facts.runNumber = hash > off ? BuildTable.runNumber(chars, hash + 1, off + len - hash - 1) : -1;
        facts.runGroup = table.runGroups().intern(chars, off, facts.runNumber >= 0 ? hash - off : len);
    }

    private static int code(JsonParser p, JsonToken v, StringCodes codes) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return StringCodes.NONE;
        }
        return codes.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private static int newline(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return end - 1; // chunks end in a newline
    }

    static boolean blank(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
