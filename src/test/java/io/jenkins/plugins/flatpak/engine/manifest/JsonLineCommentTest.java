package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.JSON_HEAD;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.SIMPLE_MODULE;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problem;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problemsOf;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flatpak-builder's json-glib skips block comments but refuses {@code //} comments; the loader agrees with it in
 * both directions (checked against {@code flatpak-builder --show-manifest}), and a {@code //} inside a string or a
 * block comment is no comment.
 */
class JsonLineCommentTest {
    private static final String MAIN = "org.example.App.json";

    @TempDir
    Path root;

    @Test
    void lineCommentsAreRefusedWhereverTheyAre() {
        String tail = ", \"modules\": [" + SIMPLE_MODULE + "]}";
        Path top = write(root, "top/" + MAIN, "// generated\n" + JSON_HEAD + tail);
        Path middle = write(root, "middle/" + MAIN, JSON_HEAD + ", // the modules\n \"modules\": [" + SIMPLE_MODULE + "]}");
        Path end = write(root, "end/" + MAIN, JSON_HEAD + tail + "\n// the end");
        assertEquals(List.of(problem(MAIN, "", "not valid JSON: a // comment, which flatpak-builder does not accept;"
                + " use /* */ (line 1, column 1)")), problemsOf(root.resolve("top"), top));
        assertEquals(List.of(problem(MAIN, "", "not valid JSON: a // comment, which flatpak-builder does not accept;"
                + " use /* */ (line 1, column " + (JSON_HEAD.length() + 3) + ")")), problemsOf(root.resolve("middle"), middle));
        assertEquals(1, problemsOf(root.resolve("end"), end).size());
        for (Path p : List.of(top, middle, end)) {
            assertEquals(1, flatpakBuilderShow(p).exitCode(), "flatpak-builder refuses " + p + " too");
        }
    }

    @Test
    void slashesInStringsAndBlockCommentsAreNoComment() {
        Path file = write(root, MAIN, "/* see https://docs.flatpak.org // not a line comment */\n" + JSON_HEAD
                + ", \"x-url\": \"https://example.org//path\", /* a // b */ \"modules\": [" + SIMPLE_MODULE + "]}");
        assertEquals("org.example.App", ManifestLoader.load(root, file).appId());
        assertEquals(0, flatpakBuilderShow(file).exitCode(), "flatpak-builder reads it too");
    }

    private ToolResult flatpakBuilderShow(Path file) {
        return new ToolRunner().captureAccepting(Command.of("flatpak-builder").arg("--show-manifest")
                .positional(file.toString()).directory(root), Duration.ofMinutes(1), OutputSink.DISCARD, null, Set.of(0, 1));
    }
}
