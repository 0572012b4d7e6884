package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A process killed after its GnuPG home's agent stopped and before the directory was deleted (both happen in
 * {@code GpgHome.close()}, e.g. in the shutdown hook right after a publish) leaves the home, holding the
 * unprotected signing key, with no process that names it. The publish kill loop saw this in 2 of 20 kills before homes were named after their owner.
 * Recovery ({@code Orphans.reapDeadOwners}, from {@link Engine#recoverInterrupted}) removes such homes when
 * their name says whose they are ({@code Orphans.gpgHomePrefix()}).
 */
class GpgHomeLeftoverTest {
    @Test
    void aGnuPgHomeLeftByAKilledProcessIsRemovedByRecovery() throws Exception {
        Path keyFile = FlatpakTestEnv.tempDir("gpg-leftover").resolve("key.asc");
        Files.write(keyFile, KeyGenerator.generateArmoredSecretKey("Leftover <leftover@example.org>", null));
        RunnerProcess holder = RunnerProcess.startMain(GpgHomeHolderMain.class, Path.of("/tmp"), keyFile.toString());
        holder.waitFor(Duration.ofMinutes(2));
        Path home = Path.of(holder.out().lines().filter(l -> l.startsWith("home ")).findFirst()
                .orElseThrow(() -> new AssertionError(holder.err())).substring(5));
        try {
            assertTrue(Files.isDirectory(home.resolve("private-keys-v1.d")), "the killed process left its home");
            new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("gpg-leftover-home"), new ToolRunner()))
                    .recoverInterrupted();
            assertFalse(Files.exists(home), "recovery removed the GnuPG home of the dead process: " + home);
        } finally {
            if (Files.exists(home)) {
                try (Stream<Path> all = Files.walk(home)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
