package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Storage faults made real with the kernel: a small tmpfs that fills up, and a read-only bind mount. Both need
 * CAP_SYS_ADMIN (root outside a user namespace, as in this project's CI); where {@code mount} is refused, the
 * tests that need it are skipped with the reason.
 */
final class Mounts {
    private static final ToolRunner RUNNER = new ToolRunner();

    private Mounts() {}

    /** Mounts a tmpfs of {@code size} (e.g. {@code 8m}) on {@code dir}, created if needed. */
    static void tmpfs(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        mount(Command.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString()));
    }

    /** Makes {@code dir} read-only in place: a bind mount of itself, remounted read-only. */
    static void readOnly(Path dir) throws Exception {
        mount(Command.of("mount", "--bind", dir.toString(), dir.toString()));
        try {
            mount(Command.of("mount", "-o", "remount,bind,ro", dir.toString()));
        } catch (RuntimeException e) {
            unmount(dir);
            throw e;
        }
    }

    static void unmount(Path dir) {
        RUNNER.captureAccepting(Command.of("umount", "-l", dir.toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                OutputSink.DISCARD, null, java.util.Set.of(0, 1, 32));
    }

    private static void mount(Command c) {
        try {
            RUNNER.run(c, FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        } catch (ToolFailedException e) {
            Assumptions.abort("cannot mount here (" + String.join(" ", e.tail())
                    + "): the disk-full and read-only tests need root with CAP_SYS_ADMIN");
        }
    }
}
