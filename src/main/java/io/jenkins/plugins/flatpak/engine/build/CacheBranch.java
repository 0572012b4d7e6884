package io.jenkins.plugins.flatpak.engine.build;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The name flatpak-builder gives a manifest's branch in its cache repository when it runs with
 * {@code --state-dir}: the arch, a dash and the absolute manifest path without its leading slash, URI-escaped
 * (UTF-8 kept) with {@code %} turned into {@code _}. Each build stage is a ref {@code <branch>/<stage>}.
 */
final class CacheBranch {
    private CacheBranch() {}

    static String of(String arch, Path absoluteManifest) {
        String path = absoluteManifest.toString();
        String raw = arch + "-" + (path.startsWith("/") ? path.substring(1) : path);
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x80) {
                out.append((char) c);
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('_').append(String.format("%02X", c));
            }
        }
        // bytes >= 0x80 were appended one per char; turn them back into the UTF-8 text they were
        return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
