package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The main job, end to end: the offline test runtime, a sample app built, committed and published into a
 * repository signed with a throwaway passphrase-protected key, then installed from that repository with
 * signature verification and run.
 */
final class Demo {
    static final String APP = "org.example.Hello";
    private static final String REMOTE = "flatpak-pipeline-demo";
    private static final Duration TOOL = Duration.ofMinutes(10);

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final Cancellation cancel;

    Demo(Path home, PrintStream out, PrintStream err, Cancellation cancel) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.cancel = cancel;
    }

    int run(List<String> argv) {
        Args a = Args.parse(argv, Set.of("samples"), Set.of());
        Path samples = samplesDir(a.get("samples"));
        Path demo = home.resolve("demo");
        String userDir = System.getenv("FLATPAK_USER_DIR");
        Path flatpakUser = userDir != null && !userDir.isEmpty() ? Path.of(userDir) : demo.resolve("flatpak-user");
        ToolRunner runner = new ToolRunner(Map.of("FLATPAK_USER_DIR", flatpakUser.toString()));
        OutputSink log = err::println;

        step("installing the offline test runtime into " + flatpakUser);
        TestRuntime.ensureInstalled(runner, demo.resolve("test-runtime"), log);

        Path repo = demo.resolve("repos").resolve("stable");
        Trees.delete(repo);
        Engine engine = new Engine(new EngineConfig(home, demo.resolve("build-repo"), home.resolve("work"), runner));

        step("building " + APP + " from " + samples.resolve("hello-yaml"));
        BuildRecord built = engine.build(BuildSpec.fromDirectory(samples.resolve("hello-yaml").toString(),
                APP + ".yml").withBranch("stable"), log, cancel);
        step("build " + built.getId() + " is " + built.getStatus().id() + ": " + built.getRefs());

        step("committing " + built.getId());
        BuildRecord committed = engine.commit(built.getId(), log, cancel);
        step("build " + committed.getId() + " is " + committed.getStatus().id());

        char[] passphrase = HexFormat.of().formatHex(new SecureRandom().generateSeed(12)).toCharArray();
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Flatpak pipeline demo <demo@example.invalid>",
                passphrase);
        PublishTarget target = new PublishTarget("stable", repo.toString(), "Flatpak pipeline demo", null, null,
                false, 0);
        BuildRecord published;
        try (SigningKey key = SigningKey.parse(armored, passphrase)) {
            step("publishing into " + repo + ", signed by " + key.fingerprint());
            published = engine.publish(built.getId(), target, key, log, cancel);
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
            java.util.Arrays.fill(armored, (byte) 0);
        }
        step("build " + published.getId() + " is " + published.getStatus().id() + ": " + published.getPublished());

        step("installing " + APP + " from " + target.flatpakrepoFile() + " (GPG-verified)");
        runner.captureAccepting(Command.of("flatpak", "--user", "remote-delete", "--force").endOfOptions().arg(REMOTE), TOOL,
                OutputSink.DISCARD, cancel, Set.of(0, 1));
        // The .flatpakrepo carries the public key, so the remote verifies commit and summary signatures.
        runner.run(Command.of("flatpak", "--user", "remote-add", "--from").endOfOptions().arg(REMOTE)
                .arg(target.flatpakrepoFile().toString()), TOOL, log, cancel);
        runner.run(Command.of("flatpak", "--user", "install", "--noninteractive", "--reinstall", "-y").endOfOptions()
                .arg(REMOTE).arg("app/" + APP + "/" + built.getArch() + "/stable"), TOOL, log, cancel);
        step("running " + APP);
        ToolResult ran = runner.capture(Command.of("flatpak", "run", "--user").option("--branch", "stable")
                .endOfOptions().arg(APP), TOOL, log, cancel);
        out.println("demo: build " + published.getId() + " published to " + repo);
        ran.output().forEach(line -> out.println("app says: " + line));
        return 0;
    }

    private void step(String message) {
        err.println("==> " + message);
    }

    private static Path samplesDir(String given) {
        if (given != null) {
            Path p = Path.of(given).toAbsolutePath().normalize();
            if (!Files.isDirectory(p.resolve("hello-yaml"))) {
                throw new InvalidInputException("no samples in " + Names.quote(given));
            }
            return p;
        }
        Path cwd = Path.of("test-repos").toAbsolutePath().normalize();
        if (Files.isDirectory(cwd.resolve("hello-yaml"))) {
            return cwd;
        }
        try {
            Path jar = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = jar.getParent().getParent().resolve("test-repos");
            if (Files.isDirectory(beside.resolve("hello-yaml"))) {
                return beside;
            }
        } catch (java.net.URISyntaxException | RuntimeException ignored) {
            // fall through to the error
        }
        throw new InvalidInputException("cannot find the samples (test-repos); pass --samples DIR");
    }
}
