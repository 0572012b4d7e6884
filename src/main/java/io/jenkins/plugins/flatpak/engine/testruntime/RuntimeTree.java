package io.jenkins.plugins.flatpak.engine.testruntime;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lays out a runtime build directory the way flatpak's own test suite does: {@code metadata}, an empty
 * {@code files/}, and {@code usr/} (exported as the runtime's files) with the programs in {@code usr/bin},
 * every library they load, dynamic loader included, flat in {@code usr/lib}, and {@code usr/lib64},
 * {@code usr/lib32} pointing at it. flatpak itself links {@code /bin}, {@code /lib}, {@code /lib64} to
 * {@code /usr/…} in the sandbox, so the loader path baked into every binary resolves.
 */
final class RuntimeTree {
    /** Where the fingerprint of the content lives inside the runtime (below {@code /usr}). */
    static final String FINGERPRINT_FILE = "share/flatpak-pipeline-test/fingerprint";

    private final ToolRunner runner;
    private final HostPrograms host;
    private final OutputSink log;
    /** ldd answers by program, shared by the platform and the SDK, which mostly carry the same programs. */
    private final Map<Path, Set<Path>> librariesByProgram = new HashMap<>();

    RuntimeTree(ToolRunner runner, HostPrograms host, OutputSink log) {
        this.runner = runner;
        this.host = host;
        this.log = log;
    }

    void build(Path dir, RuntimeRecipe recipe, String arch, String fingerprint) throws IOException {
        FileTrees.deleteRecursively(dir);
        Path usr = dir.resolve("usr");
        Path bin = Files.createDirectories(usr.resolve("bin"));
        Path lib = Files.createDirectories(usr.resolve("lib"));
        Files.createDirectories(dir.resolve("files"));
        Files.createSymbolicLink(usr.resolve("lib64"), Path.of("../lib"));
        Files.createSymbolicLink(usr.resolve("lib32"), Path.of("../lib"));

        Set<Path> elfPrograms = new LinkedHashSet<>();
        // /bin/sh is bash, as in flatpak's test runtime; a script asking for sh gets it.
        Set<String> added = new LinkedHashSet<>(List.of("sh"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("bash"));
        Deque<HostTool> pending = new ArrayDeque<>(recipe.tools());
        while (!pending.isEmpty()) {
            HostTool tool = pending.removeFirst();
            if (!added.add(tool.name())) {
                continue;
            }
            Optional<Path> found = tool.hostNames().stream().map(host::find).flatMap(Optional::stream).findFirst();
            if (found.isEmpty()) {
                if (tool.required()) {
                    throw new FlatpakException("test runtime: the host has no " + String.join(" or ", tool.hostNames())
                            + " (searched " + host.searchPath() + ")");
                }
                log.line("test runtime: " + tool.name() + " not on this host, left out of " + recipe.id());
                continue;
            }
            Path program = found.get();
            // Following links copies the program itself (coreutils may be one multi-call binary).
            Files.copy(program, bin.resolve(tool.name()), StandardCopyOption.COPY_ATTRIBUTES,
                    StandardCopyOption.REPLACE_EXISTING);
            if (HostPrograms.isElf(program)) {
                elfPrograms.add(program);
            } else {
                HostPrograms.shebangInterpreter(program)
                        .map(i -> Path.of(i).getFileName().toString())
                        .ifPresent(i -> pending.addLast(HostTool.required(i)));
            }
        }
        for (Path library : libraries(elfPrograms)) {
            Path target = lib.resolve(library.getFileName().toString());
            if (!Files.exists(target)) {
                Files.copy(library, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        copyUtf8Locale(lib.resolve("locale"));
        Path stamp = usr.resolve(FINGERPRINT_FILE);
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, fingerprint + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("metadata"), recipe.metadata(arch), StandardCharsets.UTF_8);
    }

    private Set<Path> libraries(Set<Path> programs) {
        List<Path> unknown = programs.stream().filter(p -> !librariesByProgram.containsKey(p)).toList();
        librariesByProgram.putAll(SharedLibraries.of(runner, unknown, log));
        Set<Path> all = new LinkedHashSet<>();
        for (Path program : programs) {
            all.addAll(librariesByProgram.getOrDefault(program, Set.of()));
        }
        return all;
    }

    /**
     * flatpak-builder runs build commands with LC_ALL=en_US.utf8; like flatpak's test suite, the host's
     * C.UTF-8 locale is installed under that name too, so the shell does not warn on every command.
     */
    private void copyUtf8Locale(Path localeDir) throws IOException {
        for (String name : List.of("C.utf8", "C.UTF-8")) {
            Path source = Path.of("/usr/lib/locale", name);
            if (Files.isDirectory(source)) {
                FileTrees.copyTree(source, localeDir.resolve("C.utf8"));
                FileTrees.copyTree(source, localeDir.resolve("en_US.utf8"));
                return;
            }
        }
        log.line("test runtime: the host has no compiled C.UTF-8 locale; build commands may warn about LC_ALL");
    }
}
