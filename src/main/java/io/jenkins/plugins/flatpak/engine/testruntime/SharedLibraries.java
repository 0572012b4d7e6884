package io.jenkins.plugins.flatpak.engine.testruntime;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries ELF binaries load, dynamic loader included. The first dynamic binary goes through
 * {@code ldd}, which names the dynamic loader; the rest through {@code <loader> --list}, which is what ldd runs
 * underneath without the script's per-file probing of every known loader (six times faster here).
 */
final class SharedLibraries {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    /**
     * An indented line naming a library: {@code libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)}, or the
     * loader itself, {@code /lib64/ld-linux-x86-64.so.2 (0x…)} (group 1 empty). The vDSO and
     * "statically linked" have no path.
     */
    private static final Pattern LIBRARY =
            Pattern.compile("^\\s+(?:(\\S+)\\s+=>\\s+)?(/\\S+)(?:\\s+\\(0x[0-9a-fA-F]+\\))?\\s*$");

    /** What one binary loads; {@code loader} is empty for a static binary. */
    record Listing(Set<Path> libraries, Optional<Path> loader) {
    }

    private SharedLibraries() {
    }

    static Map<Path, Set<Path>> of(ToolRunner runner, Collection<Path> binaries, OutputSink log) {
        Map<Path, Set<Path>> result = new LinkedHashMap<>();
        Optional<Path> loader = Optional.empty();
        for (Path binary : binaries) {
            Command list = loader.isPresent()
                    ? Command.of(loader.get().toString(), "--list").positional(binary.toString())
                    : Command.of("ldd").positional(binary.toString());
            // ldd exits 1 for a static binary ("not a dynamic executable"); the loader prints "statically linked".
            List<String> output = runner.captureAccepting(list, TIMEOUT, log, null, Set.of(0, 1)).output();
            Listing listing = parse(binary, output);
            result.put(binary, listing.libraries());
            if (loader.isEmpty()) {
                loader = listing.loader();
            }
        }
        return result;
    }

    static Listing parse(Path binary, List<String> output) {
        Set<Path> libraries = new LinkedHashSet<>();
        Path loader = null;
        for (String line : output) {
            if (line.contains("=> not found")) {
                throw new FlatpakException("test runtime: " + binary + " needs a library the host lacks: "
                        + line.trim());
            }
            Matcher m = LIBRARY.matcher(line);
            if (m.matches()) {
                Path library = Path.of(m.group(2));
                libraries.add(library);
                if (m.group(1) == null) {
                    loader = library;
                }
            }
        }
        return new Listing(libraries, Optional.ofNullable(loader));
    }
}
