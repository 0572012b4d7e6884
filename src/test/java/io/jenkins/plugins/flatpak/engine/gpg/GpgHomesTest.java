package io.jenkins.plugins.flatpak.engine.gpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leases share one home per key while in use, and the home is gone (agent stopped) soon after the last one. */
class GpgHomesTest {
    private static KeyGenerator.GeneratedKey first;
    private static KeyGenerator.GeneratedKey second;

    @BeforeAll
    static void keys() {
        first = KeyGenerator.builder("First <first@example.org>").rsaBits(2048).generate();
        second = KeyGenerator.builder("Second <second@example.org>").rsaBits(2048).generate();
    }

    @AfterEach
    void closeIdle() {
        GpgHomes.closeIdle();
    }

    @Test
    void concurrentLeasesOfOneKeyShareAHomeThatIsClosedSoonAfterTheLastLease() throws Exception {
        SigningKey key = SigningKey.parse(first.armoredSecretKey(), null);
        SigningKey sameKeyAgain = SigningKey.parse(first.armoredSecretKey(), null);
        Path dir;
        try (GpgHomes.Lease a = GpgHomes.lease(key, ScratchGpg.RUNNER);
                GpgHomes.Lease b = GpgHomes.lease(sameKeyAgain, ScratchGpg.RUNNER)) {
            dir = a.home().homedir();
            assertEquals(dir, b.home().homedir(), "one home per key");
            signWith(a.home());
            assertFalse(agentsOf(dir).isEmpty(), "an agent serves the shared home");
        }
        assertTrue(Files.isDirectory(dir), "the home lingers for the next publish");
        long deadline = System.nanoTime() + GpgHomes.LINGER.plusSeconds(10).toNanos();
        while (Files.exists(dir) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(dir), dir + " still exists " + GpgHomes.LINGER + " after its last lease");
        assertEquals(List.of(), agentsOf(dir));
    }

    @Test
    void aLeaseDuringTheLingerReusesTheHomeAndAnotherKeyGetsItsOwn() throws Exception {
        SigningKey key = SigningKey.parse(first.armoredSecretKey(), null);
        SigningKey other = SigningKey.parse(second.armoredSecretKey(), null);
        Path dir;
        try (GpgHomes.Lease a = GpgHomes.lease(key, ScratchGpg.RUNNER)) {
            dir = a.home().homedir();
        }
        try (GpgHomes.Lease again = GpgHomes.lease(key, ScratchGpg.RUNNER);
                GpgHomes.Lease o = GpgHomes.lease(other, ScratchGpg.RUNNER)) {
            assertEquals(dir, again.home().homedir());
            assertNotEquals(dir, o.home().homedir());
            assertEquals(other.keyId(), o.home().keyId());
            assertEquals(2, GpgHomes.openHomes());
            signWith(o.home());
        }
        GpgHomes.closeIdle();
        assertEquals(0, GpgHomes.openHomes());
        assertFalse(Files.exists(dir));
    }

    @Test
    void closeIdleLeavesHomesInUseAlone() throws Exception {
        SigningKey key = SigningKey.parse(first.armoredSecretKey(), null);
        try (GpgHomes.Lease a = GpgHomes.lease(key, ScratchGpg.RUNNER)) {
            GpgHomes.closeIdle();
            assertTrue(Files.isDirectory(a.home().homedir()));
            signWith(a.home());
        }
    }

    private static void signWith(GpgHome home) throws Exception {
        Path file = Files.createTempFile("gpghomes-", ".txt");
        try {
            Files.writeString(file, "signed\n");
            ScratchGpg.RUNNER.run(io.jenkins.plugins.flatpak.engine.exec.Command.of("gpg", "--batch", "--no-tty",
                    "--pinentry-mode=error").option("--homedir", home.homedir().toString())
                    .option("--local-user", home.keyId()).option("--output", file + ".sig").arg("--detach-sign")
                    .endOfOptions().arg(file.toString()), ScratchGpg.TIMEOUT,
                    io.jenkins.plugins.flatpak.engine.exec.OutputSink.DISCARD, null);
            assertTrue(Files.size(Path.of(file + ".sig")) > 0);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".sig"));
        }
    }

    private static List<String> agentsOf(Path home) throws Exception {
        return ScratchGpg.processesMentioning(home.toAbsolutePath().toString()).stream()
                .filter(p -> p.contains("gpg-agent")).collect(Collectors.toList());
    }
}
