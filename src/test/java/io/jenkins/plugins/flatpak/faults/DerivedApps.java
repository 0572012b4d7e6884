package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Many distinct, real Flatpak apps without running flatpak-builder for each (about 5 s per build): each app is
 * made with the steps flatpak-builder itself ends with, {@code flatpak build-init} (against the offline test
 * runtime), a command written into {@code files/bin}, {@code flatpak build-finish} and {@code flatpak
 * build-export} into a private repository (about 0.6 s). The engine then records, imports (re-checksumming
 * every object) and commits it exactly as it does a flatpak-builder build: {@link Engine#createBuild},
 * {@link Engine#beginBuild}, {@link Engine#importBuild}, {@link Engine#commit}. The commit validation reads
 * the app's metadata (name, runtime, arch, branch) from the imported commit, so a malformed app would fail.
 */
public final class DerivedApps {
    static final String COMMAND = "hello";

    private DerivedApps() {}

    /** What {@link #export} made: the private repository, its one app ref, and what the app's command prints. */
    public record Export(Path repo, String ref, String commit, String appId, String branch, String says) {}

    /** An app {@code appId} whose command prints {@code says}, exported into a new private repository. */
    public static Export export(String appId, String branch, String says) {
        return export(appId, branch, says, 0);
    }

    /** The same, with {@code payloadBytes} random (incompressible) bytes in {@code files/share/payload.bin}. */
    static Export export(String appId, String branch, String says, int payloadBytes) {
        ToolRunner runner = FlatpakTestEnv.runner();
        Path dir = FlatpakTestEnv.tempDir("derived-" + appId);
        Path build = dir.resolve("build");
        Path repo = dir.resolve("export-repo");
        runner.run(Command.of("flatpak", "build-init").endOfOptions().arg(build.toString()).arg(appId)
                .arg(TestRuntime.SDK).arg(TestRuntime.PLATFORM).arg(TestRuntime.BRANCH),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        try {
            Path bin = Files.createDirectories(build.resolve("files").resolve("bin"));
            Path command = bin.resolve(COMMAND);
            Files.writeString(command, "#!/bin/sh\necho '" + says.replace("'", "") + "'\n");
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (payloadBytes > 0) {
                byte[] payload = new byte[payloadBytes];
                new java.util.Random(says.hashCode()).nextBytes(payload);
                Files.write(Files.createDirectories(build.resolve("files").resolve("share")).resolve("payload.bin"),
                        payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runner.run(Command.of("flatpak", "build-finish").option("--command", COMMAND).endOfOptions()
                .arg(build.toString()), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        runner.run(Command.of("flatpak", "build-export", "--no-update-summary")
                .option("--subject", "derived " + appId + ": " + says).endOfOptions()
                .arg(repo.toString()).arg(build.toString()).arg(branch),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        String ref = "app/" + appId + "/" + FlatpakTestEnv.arch() + "/" + branch;
        String commit = new OstreeRepo(repo, runner).revParse(ref, null);
        if (commit == null) {
            throw new IllegalStateException("build-export left no " + ref + " in " + repo);
        }
        return new Export(repo, ref, commit, appId, branch, says);
    }

    /** Records and imports {@code export} through {@code engine}; returns the id of the build, now built. */
    static String built(Engine engine, Export export) {
        Path source = export.repo().getParent();
        BuildRecord created = engine.createBuild(BuildSpec.fromDirectory(source.toString(), export.appId() + ".yml")
                .withAppId(export.appId()).withBranch(export.branch()));
        String id = created.getId();
        engine.beginBuild(id);
        BuildResult result = new BuildResult(export.repo().toString(), Map.of(export.ref(), export.commit()),
                export.appId(), FlatpakTestEnv.arch(), export.branch(), export.appId() + ".yml", null, List.of(),
                List.of(COMMAND));
        engine.importBuild(id, export.repo(), result, OutputSink.DISCARD, Cancellation.none());
        return id;
    }

    /** Records, imports and commits {@code export} through {@code engine}; returns the committed build's id. */
    public static String commit(Engine engine, Export export) {
        String id = built(engine, export);
        engine.commit(id, OutputSink.DISCARD, Cancellation.none());
        return id;
    }
}
