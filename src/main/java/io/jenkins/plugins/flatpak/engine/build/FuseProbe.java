package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Whether flatpak-builder can use rofiles-fuse here: a real mount of rofiles-fuse over a scratch directory,
 * once per process. Containers often have /dev/fuse but may not mount it, so the device alone proves nothing.
 */
final class FuseProbe {
    private static volatile Boolean available;

    private FuseProbe() {}

    static boolean available(ToolRunner runner) {
        Boolean a = available;
        if (a == null) {
            synchronized (FuseProbe.class) {
                if (available == null) {
                    available = probe(runner);
                }
                a = available;
            }
        }
        return a;
    }

    private static boolean probe(ToolRunner runner) {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return false;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("flatpak-fuse-probe");
            Path lower = Files.createDirectory(dir.resolve("lower"));
            Path mnt = Files.createDirectory(dir.resolve("mnt"));
            Duration t = Duration.ofSeconds(10);
            try {
                runner.run(Command.of("rofiles-fuse").endOfOptions().arg(lower.toString()).arg(mnt.toString()), t,
                        OutputSink.DISCARD, Cancellation.none());
            } catch (RuntimeException e) {
                return false;
            }
            runner.run(Command.of("fusermount", "-u").endOfOptions().arg(mnt.toString()), t, OutputSink.DISCARD,
                    Cancellation.none());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover empty scratch directory in the temp dir is harmless
                }
            }
        }
    }
}
