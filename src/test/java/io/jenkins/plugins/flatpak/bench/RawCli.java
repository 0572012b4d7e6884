package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The baselines: what a shell script does with the raw tools, one command after the other, signing with a
 * GnuPG home that already holds the key (a script uses the user's keyring, so setting it up is not timed).
 */
final class RawCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final ToolRunner runner;
    private final GpgHome gpg;
    private final OutputSink log;

    RawCli(ToolRunner runner, GpgHome gpg, OutputSink log) {
        this.runner = runner;
        this.gpg = gpg;
        this.log = log;
    }

    void init(Path repo) {
        runner.run(Command.of("ostree", "init").option("--repo", repo.toString()).option("--mode", "archive-z2"),
                TIMEOUT, log, null);
    }

    /** {@code flatpak-builder --repo=<repo>} with a state dir of its own. */
    void build(Path manifest, Path buildDir, Path stateDir, Path repo, String branch) {
        runner.run(Command.of("flatpak-builder")
                .arg("--disable-rofiles-fuse").arg("--force-clean").arg("--disable-updates")
                .option("--state-dir", stateDir.toString())
                .option("--default-branch", branch)
                .option("--repo", repo.toString())
                .endOfOptions().arg(buildDir.toString()).arg(manifest.toString()), TIMEOUT, log, null);
    }

    /** {@code flatpak build-commit-from --no-update-summary --gpg-sign… --src-repo=<from> <to> <refs…>}; no refs: all. */
    void commitFrom(Path from, Path to, List<String> refs) {
        Command c = Command.of("flatpak", "build-commit-from").arg("--no-update-summary")
                .option("--src-repo", from.toString());
        gpg.addSignOptions(c);
        c.endOfOptions().arg(to.toString());
        refs.forEach(c::arg);
        runner.run(c, TIMEOUT, log, null);
    }

    /** {@code flatpak build-update-repo --gpg-sign… <repo>}: appstream, summary and its signature. */
    void updateRepo(Path repo) {
        Command c = Command.of("flatpak", "build-update-repo");
        gpg.addSignOptions(c);
        runner.run(c.endOfOptions().arg(repo.toString()), TIMEOUT, log, null);
    }
}
