package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Shallow clones of the sources to build, and the commit they are at. */
public final class GitSource {
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(15);

    private GitSource() {}

    /** {@code git clone --depth=1 --branch=B -- URL DIR} with remote helpers disabled; returns the HEAD commit. */
    public static String shallowClone(ToolRunner runner, String url, String branch, Path into, OutputSink log,
            Cancellation cancel) {
        GitUrls.validate(url);
        Command clone = git()
                .arg("clone").arg("--depth=1").arg("--single-branch").arg("--no-tags");
        if (branch != null) {
            clone.option("--branch", GitUrls.validateBranch(branch));
        }
        clone.endOfOptions().arg(url).arg(into.toString());
        runner.run(clone, CLONE_TIMEOUT, log, cancel);
        return headCommit(runner, into, cancel);
    }

    /** The commit checked out in {@code dir}, or null when it is not a git work tree. */
    public static String headCommit(ToolRunner runner, Path dir, Cancellation cancel) {
        if (!Files.exists(dir.resolve(".git"))) {
            return null;
        }
        ToolResult r = runner.captureAccepting(git().arg("-C").arg(dir.toString()).arg("rev-parse").arg("--verify")
                .arg("HEAD^{commit}"), Duration.ofMinutes(1), OutputSink.DISCARD, cancel, Set.of(0, 128));
        return r.exitCode() == 0 && !r.output().isEmpty() ? r.output().get(0).trim() : null;
    }

    private static Command git() {
        return Command.of("git", "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never",
                "-c", "core.hooksPath=/dev/null")
                .env("GIT_TERMINAL_PROMPT", "0")
                .env("GIT_ASKPASS", "/bin/false")
                .env("GIT_CONFIG_NOSYSTEM", "1");
    }
}
