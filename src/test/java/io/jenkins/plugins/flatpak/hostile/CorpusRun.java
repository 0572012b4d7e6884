package io.jenkins.plugins.flatpak.hostile;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs corpus cases for one worker and judges each: exit status 2, standard error naming the bad value, no
 * stack trace, no tool started, the payload never run, and no file created, changed or removed anywhere
 * watched except the directories of a build the case recorded as failed.
 */
final class CorpusRun {
    /** How a case reaches the runner: in this JVM, or as {@code java -jar} with tripwire tools on PATH. */
    interface Invoker {
        Invocation run(List<String> argv, Worker worker) throws Exception;

        /** The directory relative paths are resolved against. */
        Path workingDirectory(Worker worker);
    }

    /** What the runner did: exit status, output, and every tool it started (as the invoker could see). */
    record Invocation(int status, String out, String err, List<String> toolsStarted) {
    }

    /** A worker: its directory, home and placeholders, and the directories its cases must leave alone. */
    record Worker(Path dir, Path home, Map<String, String> vars, List<Path> watched) {
    }

    record Outcome(HostileCase hostileCase, Invocation invocation, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return hostileCase.label() + ": " + String.join("; ", problems) + "\n    args: "
                    + hostileCase.args().stream().map(io.jenkins.plugins.flatpak.engine.Names::quote)
                            .collect(Collectors.joining(" "))
                    + (invocation == null ? "" : "\n    exit " + invocation.status() + ", stderr: "
                            + invocation.err().strip().replace("\n", "\n      "));
        }
    }

    private CorpusRun() {}

    static Outcome run(HostileCase c, Worker worker, Invoker invoker, Path payload) {
        List<String> problems = new ArrayList<>();
        if (Files.exists(payload, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("the payload marker " + payload + " exists before " + c.label());
        }
        List<String> argv = new ArrayList<>(List.of("--home", worker.home().toString()));
        argv.addAll(c.args());
        Set<Path> relativeBefore = relativeArguments(c, invoker.workingDirectory(worker));
        Set<String> recordsBefore = recordIds(worker.home());
        TreeSnapshot before = TreeSnapshot.take(worker.watched());
        Invocation r;
        try {
            r = invoker.run(argv, worker);
        } catch (Exception | Error e) {
            problems.add("the runner threw " + e);
            return new Outcome(c, null, problems);
        }
        TreeSnapshot after = TreeSnapshot.take(worker.watched());

        if (r.status() != 2) {
            problems.add("exit status " + r.status() + ", expected 2");
        }
        for (String n : c.names()) {
            if (!r.err().contains(n)) {
                problems.add("standard error does not name " + io.jenkins.plugins.flatpak.engine.Names.quote(n));
            }
        }
        String raw = RawText.controlCharacters(r.err());
        if (!raw.isEmpty()) {
            problems.add("standard error carries raw control or format characters " + raw
                    + " (a value could forge lines or reorder text)");
        }
        if (r.err().contains("\tat ") || r.err().contains("Exception in thread")) {
            problems.add("a stack trace instead of a message");
        }
        if (!r.toolsStarted().isEmpty()) {
            problems.add("tools started: " + r.toolsStarted());
        }
        if (Files.exists(payload, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("the payload ran (" + payload + " exists)");
        }
        Set<String> newRecords = new HashSet<>(recordIds(worker.home()));
        newRecords.removeAll(recordsBefore);
        if (!newRecords.isEmpty() && !c.mayRecordFailure()) {
            problems.add("recorded build(s) " + newRecords + " for a value that can be refused before any build");
        }
        List<Path> allowed = new ArrayList<>();
        for (String id : newRecords) {
            allowed.add(worker.home().resolve("records").resolve(id));
            allowed.add(worker.home().resolve("work").resolve("builds").resolve(id));
            Optional<BuildRecord> record = new RecordStore(worker.home()).find(id);
            if (record.isEmpty() || record.get().getStatus() != BuildStatus.FAILED) {
                problems.add("build " + id + " is " + record.map(x -> x.getStatus().id()).orElse("unreadable")
                        + ", not failed");
            } else if (!c.names().isEmpty() && (record.get().getError() == null
                    || !record.get().getError().contains(c.names().get(0)))) {
                problems.add("the failed record's error does not say why: " + record.get().getError());
            }
        }
        List<Path> containers = List.of(worker.home().resolve("work"), worker.home().resolve("work").resolve("builds"));
        List<TreeSnapshot.Change> outside = before.changesTo(after).stream()
                .filter(ch -> !(ch.kind() == '+' && containers.contains(ch.path())))
                .filter(ch -> allowed.stream().noneMatch(a -> ch.path().startsWith(a)))
                .collect(Collectors.toList());
        if (!outside.isEmpty()) {
            problems.add("files changed outside the build's directories: "
                    + outside.subList(0, Math.min(10, outside.size())) + (outside.size() > 10 ? " …" : ""));
        }
        for (Path p : relativeArguments(c, invoker.workingDirectory(worker))) {
            if (!relativeBefore.contains(p)) {
                problems.add("created " + p + " in the working directory");
            }
        }
        return new Outcome(c, r, problems);
    }

    /** The case's arguments that name something existing in the working directory. */
    private static Set<Path> relativeArguments(HostileCase c, Path cwd) {
        Set<Path> existing = new HashSet<>();
        for (String a : c.args()) {
            if (a.isEmpty() || a.startsWith("/") || a.indexOf('\0') >= 0) {
                continue;
            }
            try {
                Path p = cwd.resolve(a).normalize();
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    existing.add(p);
                }
            } catch (InvalidPathException ignored) {
                // not a path at all
            }
        }
        return existing;
    }

    private static Set<String> recordIds(Path home) {
        Path records = home.resolve("records");
        if (!Files.isDirectory(records)) {
            return Collections.emptySet();
        }
        try (Stream<Path> s = Files.list(records)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line the issue asks for. */
    static String summary(List<Outcome> outcomes) {
        long rejected = outcomes.stream().filter(Outcome::ok).count();
        return "hostile input: " + outcomes.size() + " cases, " + rejected + " rejected before any tool ran, "
                + (outcomes.size() - rejected) + " failures";
    }
}
