package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed flatpak-builder as the judge of a manifest: what {@code --show-manifest} prints and warns, whether
 * {@code --download-only} gets through, whether a real build does, and in which order it builds the modules.
 * Standard output and error are kept apart (the printed manifest is on one, the warnings on the other).
 */
final class FlatpakBuilderOracle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    private static final Pattern BUILT = Pattern.compile("^(?:Building|Skipping) module (.+?)(?: in .*| \\(no sources\\))$");

    /** One run: exit status, standard output, standard error. */
    record Run(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The last few lines of what it printed, for a failure message. */
        String tail() {
            String all = (out + "\n" + err).strip();
            String[] lines = all.split("\n");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 8), lines.length));
        }
    }

    /** What {@code --show-manifest} printed: the manifest it read (missing when it failed) and its warnings. */
    record Shown(Run run, JsonNode manifest, List<String> warnings) {
    }

    private FlatpakBuilderOracle() {}

    static Shown show(Path manifest, Path cwd) {
        Run r = run(List.of("flatpak-builder", "--show-manifest", manifest.toString()), cwd, Map.of());
        JsonNode m = MissingNode.getInstance();
        if (r.ok()) {
            int start = r.out().startsWith("{") ? 0 : r.out().indexOf("\n{") + 1;
            try (JsonParser p = JSON.createParser(r.out().substring(start))) {
                m = JSON.readTree(p);
            } catch (IOException e) {
                throw new AssertionError("flatpak-builder --show-manifest printed no JSON:\n" + r.out(), e);
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String line : r.err().split("\n")) {
            if (!line.isBlank()) {
                warnings.add(line.replaceFirst("^\\(flatpak-builder:\\d+\\): ", "")
                        .replaceFirst("^(?:[\\w-]+-)?(WARNING|CRITICAL|ERROR) \\*\\*: [0-9:.]+: ", "$1: "));
            }
        }
        return new Shown(r, m, warnings);
    }

    static Run downloadOnly(Path manifest, Path work, String arch) {
        return run(List.of("flatpak-builder", "--download-only", "--disable-rofiles-fuse", "--arch=" + arch,
                "--state-dir=" + work.resolve("state"), work.resolve("app-" + arch).toString(), manifest.toString()),
                work, Map.of());
    }

    /** A real build and export into a repository, with the offline test runtime of {@code flatpakUserDir}. */
    static Run build(Path manifest, Path work, Path flatpakUserDir) {
        return run(List.of("flatpak-builder", "--user", "--disable-rofiles-fuse", "--force-clean",
                "--state-dir=" + work.resolve("state"), "--repo=" + work.resolve("repo"), work.resolve("app").toString(),
                manifest.toString()), work, Map.of("FLATPAK_USER_DIR", flatpakUserDir.toString()));
    }

    /** The modules a build went through ("Building module" or "Skipping module"), in order. */
    static List<String> buildOrder(Run build) {
        List<String> order = new ArrayList<>();
        for (String line : build.out().split("\n")) {
            Matcher m = BUILT.matcher(line);
            if (m.matches()) {
                order.add(m.group(1));
            }
        }
        return order;
    }

    private static Run run(List<String> command, Path cwd, Map<String, String> env) {
        try {
            Files.createDirectories(cwd);
            Path out = Files.createTempFile(cwd, "out", ".txt");
            Path err = Files.createTempFile(cwd, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("flatpak-builder did not finish in 5 minutes: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
