package io.jenkins.plugins.flatpak.engine.commit;

import java.util.HashMap;
import java.util.Map;

/** A flatpak {@code metadata} file: a GKeyFile of groups and keys. */
final class Metadata {
    private final Map<String, Map<String, String>> groups = new HashMap<>();

    static Metadata parse(String text) {
        Metadata m = new Metadata();
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = m.groups.computeIfAbsent(line.substring(1, line.length() - 1), g -> new HashMap<>());
            } else if (current != null && line.contains("=")) {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        if (m.groups.isEmpty()) {
            throw new IllegalArgumentException("no groups");
        }
        return m;
    }

    String get(String group, String key) {
        Map<String, String> g = groups.get(group);
        return g == null ? null : g.get(key);
    }
}
