package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a JVM of its own by {@link GpgHomeLeftoverTest}: opens a GnuPG home for a key as a publish does,
 * stops its agent as {@code GpgHome.close()} does first, says {@code home <dir>}, and dies at once without
 * running anything else ({@code Runtime.halt}, as under {@code kill -9}) before the directory is deleted.
 */
public final class GpgHomeHolderMain {
    private GpgHomeHolderMain() {}

    public static void main(String[] args) throws Exception {
        ToolRunner runner = new ToolRunner(Orphans.tag(ProcessOwner.current()));
        SigningKey key = SigningKey.parse(Files.readAllBytes(Path.of(args[0])), null);
        GpgHome home = GpgHome.open(key, runner);
        runner.run(Command.of("gpgconf").option("--homedir", home.homedir().toString()).arg("--kill").arg("all"),
                Duration.ofMinutes(1), OutputSink.DISCARD, null);
        System.out.println("home " + home.homedir());
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
