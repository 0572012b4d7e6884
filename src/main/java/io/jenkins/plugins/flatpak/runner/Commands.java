package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLoader;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLocator;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestReport;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.Json;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The runner's commands. Tool output and progress go to standard error; results to standard output. */
final class Commands {
    static final Set<String> BUILD_OPTIONS = Set.of("manifest", "build-repo", "git-url", "git-branch", "app-id", "arch",
            "branch", "state-dir", "install-deps-from", "timeout");
    static final Set<String> BUILD_FLAGS = Set.of("ccache", "sandbox");
    static final Set<String> PUBLISH_OPTIONS = Set.of("repo", "repo-name", "title", "url", "collection-id",
            "prune-depth", "default-branch", "gpg-key", "gpg-passphrase-file", "old-gpg-key", "old-gpg-passphrase-file");
    static final Set<String> PUBLISH_FLAGS = Set.of("static-deltas", "no-static-deltas");
    static final Set<String> ROTATE_OPTIONS = Set.of("repo", "repo-name", "gpg-key", "gpg-passphrase-file",
            "old-gpg-key", "old-gpg-passphrase-file");
    static final Set<String> ROTATE_FLAGS = Set.of("without-old-key");

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final ToolRunner runner = new ToolRunner();
    private final Cancellation cancel;

    Commands(Path home, PrintStream out, PrintStream err, Cancellation cancel) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.cancel = cancel;
    }

    int build(List<String> argv) {
        Args a = Args.parse(argv, BUILD_OPTIONS, BUILD_FLAGS);
        noPositionals(a);
        BuildRecord r = doBuild(a);
        out.println(r.getId());
        return 0;
    }

    int commit(List<String> argv) {
        Args a = Args.parse(argv, Set.of(), Set.of());
        BuildRecord r = engineFor(a.onlyPositional("build id")).commit(a.positionals.get(0), sink(), cancel);
        out.println(r.getId() + " " + r.getStatus().id());
        return 0;
    }

    int publish(List<String> argv) {
        Args a = Args.parse(argv, PUBLISH_OPTIONS, PUBLISH_FLAGS);
        String id = a.onlyPositional("build id");
        BuildRecord r = doPublish(id, a);
        out.println(r.getId() + " " + r.getStatus().id());
        return 0;
    }

    int runAll(List<String> argv) {
        Set<String> options = new HashSet<>(BUILD_OPTIONS);
        options.addAll(PUBLISH_OPTIONS);
        Set<String> flags = new HashSet<>(BUILD_FLAGS);
        flags.addAll(PUBLISH_FLAGS);
        Args a = Args.parse(argv, options, flags);
        noPositionals(a);
        a.require("repo");
        PublishTarget target = target(a);
        if (target.repoPath().equals(PathOptions.path("build-repo", a.require("build-repo")))) {
            throw new InvalidInputException("invalid --repo " + Names.quote(a.get("repo"))
                    + ": it is the build-repo; publish into a repository of its own");
        }
        try (SigningKey key = signingKey(a, "gpg-key", "gpg-passphrase-file");
                SigningKey old = coSigner(a, key)) {
            BuildRecord built = doBuild(a);
            Engine engine = engineFor(built.getId());
            engine.commit(built.getId(), sink(), cancel);
            BuildRecord published = engine.publish(built.getId(), target, key, coSigners(old), sink(), cancel);
            out.println(published.getId());
        }
        return 0;
    }

    /**
     * {@code rotate-key --repo DIR --gpg-key NEW [--gpg-passphrase-file F] (--old-gpg-key OLD
     * [--old-gpg-passphrase-file F] | --without-old-key)}: the repository is signed by NEW from now on.
     */
    int rotateKey(List<String> argv) {
        Args a = Args.parse(argv, ROTATE_OPTIONS, ROTATE_FLAGS);
        noPositionals(a);
        a.require("gpg-key");
        if ((a.get("old-gpg-key") == null) == !a.flag("without-old-key")) {
            throw new UsageException("give the key the repository is signed with now (--old-gpg-key), or "
                    + "--without-old-key when it is lost: clients that hold only the old key then stop verifying");
        }
        PublishTarget target = target(a);
        try (SigningKey key = signingKey(a, "gpg-key", "gpg-passphrase-file");
                SigningKey old = signingKey(a, "old-gpg-key", "old-gpg-passphrase-file")) {
            var settings = new Engine(EngineConfig.inHome(home, runner)).rotateKey(target, key, old, sink());
            out.println(target.name() + " signed by " + settings.signingKey() + " (retired: "
                    + String.join(", ", settings.retiredKeys()) + ")");
        }
        return 0;
    }

    int list(List<String> argv) throws FlatpakException {
        Args a = Args.parse(argv, Set.of(), Set.of("json"));
        noPositionals(a);
        recoverInterrupted();
        List<BuildRecord> all = store().list();
        if (a.flag("json")) {
            out.println(json(all));
            return 0;
        }
        out.printf("%-24s %-11s %-32s %-8s %-10s %s%n", "ID", "STATUS", "APP", "ARCH", "BRANCH", "REPO");
        for (BuildRecord r : all) {
            out.printf("%-24s %-11s %-32s %-8s %-10s %s%n", r.getId(), r.getStatus().id(), dash(r.getAppId()),
                    dash(r.getArch()), dash(r.getBranch()), dash(r.getTargetRepo()));
        }
        return 0;
    }

    int show(List<String> argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("json"));
        recoverInterrupted();
        BuildRecord r = store().get(Names.buildId(a.onlyPositional("build id")));
        if (a.flag("json")) {
            out.println(json(r));
            return 0;
        }
        out.println("id:            " + r.getId());
        out.println("status:        " + r.getStatus().id());
        out.println("app id:        " + dash(r.getAppId()));
        out.println("arch/branch:   " + dash(r.getArch()) + "/" + dash(r.getBranch()));
        out.println("manifest:      " + dash(r.getManifest()));
        if (r.getGitUrl() != null) {
            out.println("git:           " + r.getGitUrl() + " " + dash(r.getGitBranch()));
        }
        out.println("source commit: " + dash(r.getSourceCommit()));
        out.println("created:       " + r.getCreatedAt());
        r.getPhases().forEach((phase, t) -> out.println("phase " + phase + ":" + " ".repeat(Math.max(1, 8 - phase.length()))
                + t.start() + " -> " + (t.end() == null ? "(running)" : t.end())));
        r.getRefs().forEach((ref, c) -> out.println("built:         " + ref + " " + c));
        if (r.getTargetRepo() != null) {
            out.println("target repo:   " + r.getTargetRepo());
        }
        r.getPublished().forEach((ref, c) -> out.println("published:     " + ref + " " + c));
        if (!r.getCachedModules().isEmpty()) {
            out.println("from cache:    " + String.join(", ", r.getCachedModules()));
        }
        if (r.getError() != null) {
            out.println("error:         " + r.getError());
        }
        return 0;
    }

    int log(List<String> argv) {
        Args a = Args.parse(argv, Set.of("phase"), Set.of());
        String id = Names.buildId(a.onlyPositional("build id"));
        RecordStore store = store();
        store.get(id);
        List<String> phases = a.get("phase") == null ? RecordStore.PHASES : List.of(a.get("phase"));
        for (String phase : phases) {
            Path file = store.logFile(id, phase);
            if (Files.exists(file)) {
                try {
                    out.print(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new FlatpakException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return 0;
    }

    int runtime(List<String> argv) {
        noPositionals(Args.parse(argv, Set.of(), Set.of()));
        TestRuntime.ensureInstalled(runner, home.resolve("test-runtime"), sink());
        out.println(TestRuntime.PLATFORM + " and " + TestRuntime.SDK + " " + TestRuntime.BRANCH + " installed");
        return 0;
    }

    /**
     * {@code validate [--manifest FILE] [--source-dir DIR] [--app-id ID] [--arch A[,B]] [--json]}: reads the
     * manifest as flatpak-builder does and prints the verdict, the problems and warnings and what was read. The
     * source tree is {@code --source-dir}, else the current directory when it holds the manifest, else the
     * manifest's directory; without {@code --manifest} the manifest is found in it as a build finds it.
     * Exit status 0 when accepted, 2 when refused.
     */
    int validate(List<String> argv) {
        Args a = Args.parse(argv, Set.of("manifest", "source-dir", "app-id", "arch"), Set.of("json"));
        noPositionals(a);
        String appId = a.get("app-id") == null ? null : Names.appId(a.get("app-id"));
        List<String> arches = a.get("arch") == null ? List.of() : Arrays.asList(a.get("arch").split(",", -1));
        Path root;
        String manifest = a.get("manifest");
        if (a.get("source-dir") != null) {
            root = PathOptions.path("source-dir", a.get("source-dir"));
            if (manifest != null) {
                Path file = PathOptions.path("manifest", root.resolve(manifest).toString());
                manifest = root.relativize(file).toString();
            }
        } else {
            root = Path.of("").toAbsolutePath().normalize();
            if (manifest != null) {
                Path file = PathOptions.path("manifest", manifest);
                if (!file.startsWith(root) || file.equals(root)) {
                    root = file.getParent();
                }
                manifest = root.relativize(file).toString();
            }
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("source tree " + Names.quote(root.toString()) + " is not a directory");
        }
        Path file = ManifestLocator.locate(root, manifest, appId);
        ManifestReport report = ManifestLoader.validate(root, file, appId, arches);
        out.print(a.flag("json") ? json(report.json()) + "\n" : report.text());
        return report.accepted() ? 0 : 2;
    }

    private BuildRecord doBuild(Args a) {
        String manifest = a.require("manifest");
        BuildSpec spec;
        if (a.get("git-url") != null) {
            spec = BuildSpec.fromGit(a.get("git-url"), a.get("git-branch"), PathOptions.relative("manifest", manifest));
        } else {
            if (a.get("git-branch") != null) {
                throw new UsageException("--git-branch needs --git-url");
            }
            Path file = PathOptions.path("manifest", manifest);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("manifest " + Names.quote(manifest)
                        + (Files.exists(file) ? " is not a regular file" : " does not exist"));
            }
            spec = BuildSpec.fromDirectory(file.getParent().toString(), file.getFileName().toString());
        }
        spec = spec.withAppId(a.get("app-id")).withArch(a.get("arch")).withBranch(a.get("branch"))
                .withStateDir(a.get("state-dir") == null ? null : PathOptions.path("state-dir", a.get("state-dir")).toString())
                .withInstallDepsFrom(a.get("install-deps-from")).withCcache(a.flag("ccache"))
                .withSandbox(a.flag("sandbox"));
        if (a.get("timeout") != null) {
            int minutes = positiveInt("timeout", a.get("timeout"));
            if (minutes == 0) {
                throw new InvalidInputException("invalid --timeout " + Names.quote(a.get("timeout"))
                        + ": give at least 1 minute");
            }
            spec = spec.withTimeout(Duration.ofMinutes(minutes));
        }
        Path buildRepo = PathOptions.repository("build-repo", a.require("build-repo"));
        Engine engine = engine(buildRepo);
        engine.recoverInterrupted();
        return engine.build(spec, sink(), cancel);
    }

    private BuildRecord doPublish(String id, Args a) {
        a.require("repo");
        PublishTarget target = target(a);
        Engine engine = engineFor(id);
        if (target.repoPath().equals(engine.config().buildRepo())) {
            throw new InvalidInputException("invalid --repo " + Names.quote(a.get("repo")) + ": it is the build-repo of build "
                    + id + "; publish into a repository of its own");
        }
        try (SigningKey key = signingKey(a, "gpg-key", "gpg-passphrase-file");
                SigningKey old = coSigner(a, key)) {
            return engine.publish(id, target, key, coSigners(old), sink(), cancel);
        }
    }

    /** {@code --old-gpg-key}: a retired key of the repository that co-signs, after a key rotation. */
    private SigningKey coSigner(Args a, SigningKey key) {
        if (a.get("old-gpg-key") != null && key == null) {
            throw new UsageException("--old-gpg-key co-signs with --gpg-key; give both");
        }
        return signingKey(a, "old-gpg-key", "old-gpg-passphrase-file");
    }

    private static List<SigningKey> coSigners(SigningKey old) {
        return old == null ? List.of() : List.of(old);
    }

    private PublishTarget target(Args a) {
        Path repo = PathOptions.repository("repo", a.require("repo"));
        String name = a.get("repo-name");
        if (name == null) {
            name = repo.getFileName().toString();
            try {
                Names.repoName(name);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("invalid --repo " + Names.quote(a.get("repo"))
                        + ": its directory name is no repository name, so give one with --repo-name (" + e.getMessage() + ")");
            }
        }
        // Omitted values are what the repository remembers (see RepositorySettings); stated ones change it.
        Integer prune = a.get("prune-depth") == null ? null : positiveInt("prune-depth", a.get("prune-depth"));
        if (a.flag("static-deltas") && a.flag("no-static-deltas")) {
            throw new UsageException("give --static-deltas or --no-static-deltas, not both");
        }
        Boolean deltas = a.flag("static-deltas") ? Boolean.TRUE : a.flag("no-static-deltas") ? Boolean.FALSE : null;
        return new PublishTarget(name, repo.toString(), a.get("title"), a.get("url"), a.get("collection-id"),
                deltas, prune, a.get("default-branch"));
    }

    /** The key is read and checked before anything is written; a wrong passphrase fails here. */
    private SigningKey signingKey(Args a, String keyOption, String passphraseOption) {
        String keyFile = a.get(keyOption);
        if (keyFile == null) {
            if (a.get(passphraseOption) != null) {
                throw new UsageException("--" + passphraseOption + " needs --" + keyOption);
            }
            return null;
        }
        byte[] armored = PathOptions.readSmallFile(keyOption, "GPG key file", keyFile);
        char[] passphrase = null;
        try {
            if (a.get(passphraseOption) != null) {
                byte[] raw = PathOptions.readSmallFile(passphraseOption, "passphrase file",
                        a.get(passphraseOption));
                int len = raw.length;
                while (len > 0 && (raw[len - 1] == '\n' || raw[len - 1] == '\r')) {
                    len--;
                }
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, len));
                passphrase = Arrays.copyOf(chars.array(), chars.limit());
                Arrays.fill(raw, (byte) 0);
                Arrays.fill(chars.array(), '\0');
            }
            try {
                return SigningKey.parse(armored, passphrase);
            } catch (InvalidInputException e) {
                // SigningKey's messages never quote key material; the file is what the user needs to know.
                throw new InvalidInputException("GPG key file " + Names.quote(keyFile) + ": " + e.getMessage());
            }
        } finally {
            Arrays.fill(armored, (byte) 0);
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private Engine engine(Path buildRepo) {
        return new Engine(new EngineConfig(home, buildRepo, home.resolve("work"), runner));
    }

    /** An engine whose build-repo is the one the build was imported into. */
    private Engine engineFor(String id) {
        BuildRecord r = store().get(Names.buildId(id));
        Engine e = engine(Path.of(r.getBuildRepo()));
        e.recoverInterrupted();
        return e;
    }

    /** Builds whose process died are shown as failed, not as forever running. */
    private void recoverInterrupted() {
        new Engine(EngineConfig.inHome(home, runner)).recoverInterrupted();
    }

    private RecordStore store() {
        return new RecordStore(home);
    }

    private OutputSink sink() {
        return err::println;
    }

    private static int positiveInt(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("invalid --" + option + " " + Names.quote(value) + ": expected a whole number");
    }

    private static void noPositionals(Args a) {
        if (!a.positionals.isEmpty()) {
            throw new UsageException("unexpected argument " + Names.quote(a.positionals.get(0)));
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new FlatpakException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
