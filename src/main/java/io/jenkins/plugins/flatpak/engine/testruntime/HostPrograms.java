package io.jenkins.plugins.flatpak.engine.testruntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds programs on the host and tells ELF binaries from scripts. */
final class HostPrograms {
    /** sbin directories are searched too: Debian keeps ldconfig there and leaves them out of PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private final List<Path> searchPath;

    HostPrograms(String pathVariable) {
        Set<String> dirs = new LinkedHashSet<>();
        if (pathVariable != null) {
            Arrays.stream(pathVariable.split(":")).filter(d -> d.startsWith("/")).forEach(dirs::add);
        }
        dirs.addAll(EXTRA_DIRS);
        List<Path> paths = new ArrayList<>();
        dirs.forEach(d -> paths.add(Path.of(d)));
        this.searchPath = List.copyOf(paths);
    }

    static HostPrograms fromEnvironment() {
        return new HostPrograms(System.getenv("PATH"));
    }

    List<Path> searchPath() {
        return searchPath;
    }

    /** The first executable regular file named {@code name} on the search path. */
    Optional<Path> find(String name) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean isElf(Path file) throws IOException {
        byte[] head = readHead(file, 4);
        return head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** The interpreter named by a {@code #!} line ({@code /bin/sh} for {@code #!/bin/sh -e}), if any. */
    static Optional<String> shebangInterpreter(Path file) throws IOException {
        String head = new String(readHead(file, 256), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("#!")) {
            return Optional.empty();
        }
        String line = head.substring(2).split("\n", 2)[0].trim();
        String interpreter = line.split("[ \t]", 2)[0];
        return interpreter.isEmpty() ? Optional.empty() : Optional.of(interpreter);
    }

    private static byte[] readHead(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }
}
