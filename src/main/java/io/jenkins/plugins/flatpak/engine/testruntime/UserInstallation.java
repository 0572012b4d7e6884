package io.jenkins.plugins.flatpak.engine.testruntime;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The flatpak user installation the runner's environment selects (FLATPAK_USER_DIR). */
final class UserInstallation {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ToolRunner runner;
    private final OutputSink log;

    UserInstallation(ToolRunner runner, OutputSink log) {
        this.runner = runner;
        this.log = log;
    }

    /** Where {@code id/arch/branch} is deployed, or empty when it is not installed. */
    Optional<Path> location(String partialRef) {
        // A probe: "not installed" on stderr is the expected answer, not worth logging.
        ToolResult r = runner.captureAccepting(Command.of("flatpak", "--user", "info", "--show-location")
                .positional(partialRef), TIMEOUT, OutputSink.DISCARD, null, Set.of(0, 1));
        if (r.exitCode() != 0) {
            return Optional.empty();
        }
        return r.output().stream().map(String::trim).filter(l -> l.startsWith("/")).findFirst().map(Path::of);
    }

    /** Adds the remote, or points an existing one of that name at {@code repo}; no GPG, it is local. */
    void addRemote(String name, Path repo) {
        String url = repo.toUri().toString();
        runner.run(Command.of("flatpak", "--user", "remote-add", "--if-not-exists", "--no-gpg-verify")
                .positional(name).positional(url), TIMEOUT, log, null);
        runner.run(Command.of("flatpak", "--user", "remote-modify", "--no-gpg-verify").option("--url", url)
                .positional(name), TIMEOUT, log, null);
    }

    void installOrUpdate(String remote, List<String> refs) {
        Command install = Command.of("flatpak", "--user", "install", "--noninteractive", "-y", "--or-update")
                .positional(remote);
        refs.forEach(install::positional);
        runner.run(install, TIMEOUT, log, null);
    }
}
