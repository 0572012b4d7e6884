package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * rofiles-fuse mounts that a killed flatpak-builder leaves behind. rofiles-fuse detaches from its parent, so
 * killing the builder's process tree does not reach it; the mount (and its daemon) stay until unmounted.
 */
final class StaleMounts {
    private StaleMounts() {}

    /** Lazily unmounts every FUSE mount below {@code root}; unmounting also ends its rofiles-fuse daemon. */
    static void unmountBelow(Path root, ToolRunner runner, OutputSink log) {
        for (Path mount : mountsBelow(root)) {
            log.line("[flatpak] unmounting leftover " + mount);
            runner.captureAccepting(Command.of("fusermount", "-u", "-z").endOfOptions().arg(mount.toString()),
                    Duration.ofSeconds(30), log, Cancellation.none(), Set.of(0, 1));
        }
    }

    static List<Path> mountsBelow(Path root) {
        List<Path> found = new ArrayList<>();
        Path normalized = root.toAbsolutePath().normalize();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    Path mountPoint = Path.of(unescape(f[4]));
                    if (mountPoint.startsWith(normalized) && !mountPoint.equals(normalized)) {
                        found.add(mountPoint);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing we can find to clean up
        }
        return found;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException ignored) {
                    // not an escape; keep the backslash
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
