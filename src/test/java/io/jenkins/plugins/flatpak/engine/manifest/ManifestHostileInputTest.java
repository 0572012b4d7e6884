package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.JSON_HEAD;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.jsonApp;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problem;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problems;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problemsOf;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source trees written to hurt: every one is refused quickly, with a problem that names what is wrong. */
class ManifestHostileInputTest {
    private static final Duration FAST = Duration.ofSeconds(10);
    private static final String MAIN = "org.example.App.json";

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(temp.resolve("tree"));
        write(temp, "outside.json", "{\"name\": \"outside\"}");
        write(temp, "outside/mod.json", "{\"name\": \"outside\"}");
        write(temp, "secret.txt", "not for the build\n");
    }

    @Test
    void includingTheManifestItselfIsALoop() {
        Path file = jsonApp(root, MAIN, "[\"" + MAIN + "\"]");
        assertEquals(List.of(problem(MAIN, "modules[0]", "include 'org.example.App.json': include loop:"
                + " org.example.App.json -> org.example.App.json")), problemsOf(root, file));
    }

    @Test
    void anIncludeLoopThroughModuleFilesIsNamedLinkByLink() {
        write(root, "modules/a.json", "{\"name\": \"a\", \"modules\": [\"b.yml\"]}");
        write(root, "modules/b.yml", "name: b\nmodules:\n  - ./a.json\n");
        Path file = jsonApp(root, MAIN, "[\"modules/a.json\"]");
        assertEquals(List.of(problem("modules/b.yml", "modules[0]", "include './a.json': include loop:"
                + " org.example.App.json -> modules/a.json -> modules/b.yml -> modules/a.json")), problemsOf(root, file));
    }

    @Test
    void includesCannotLeaveTheTree() throws IOException {
        Files.createSymbolicLink(root.resolve("link.json"), temp.resolve("outside.json"));
        Files.createSymbolicLink(root.resolve("linkdir"), temp.resolve("outside"));
        Files.createDirectories(root.resolve("sub"));
        Path file = jsonApp(root, MAIN, "[\"../outside.json\", \"/etc/hostname\", \"link.json\", \"linkdir/mod.json\","
                + " \"sub/../../outside.json\", \"missing.json\", {\"name\": \"m\", \"sources\": [\"../outside.json\"]}]");
        assertEquals(List.of(
                problem(MAIN, "modules[0]", "include '../outside.json': the path leads outside the source tree"),
                problem(MAIN, "modules[1]", "include '/etc/hostname': absolute paths are not allowed;"
                        + " use a path relative to the file"),
                problem(MAIN, "modules[2]", "include 'link.json': the path leads outside the source tree through a symbolic link"),
                problem(MAIN, "modules[3]", "include 'linkdir/mod.json': the path leads outside the source tree"
                        + " through a symbolic link"),
                problem(MAIN, "modules[4]", "include 'sub/../../outside.json': the path leads outside the source tree"),
                problem(MAIN, "modules[5]", "include 'missing.json': file not found"),
                problem(MAIN, "modules[6].sources[0]", "include '../outside.json': the path leads outside the source tree")),
                problemsOf(root, file));
    }

    @Test
    void localSourcesAndMetadataCannotReadOutsideTheTree() throws IOException {
        Files.createSymbolicLink(root.resolve("secret.txt"), temp.resolve("secret.txt"));
        Path file = write(root, MAIN, JSON_HEAD + ", \"metadata\": \"/etc/passwd\", \"modules\": [{\"name\": \"m\","
                + " \"sources\": [{\"type\": \"file\", \"path\": \"../secret.txt\"},"
                + " {\"type\": \"file\", \"path\": \"secret.txt\"},"
                + " {\"type\": \"dir\", \"path\": \"/home\"},"
                + " {\"type\": \"patch\", \"paths\": [\"ok.patch\", \"../../etc/shadow\"]},"
                + " {\"type\": \"file\", \"url\": \"file:///etc/passwd\", \"sha256\": \"x\"},"
                + " {\"type\": \"archive\", \"url\": \"https://example.org/a.tar\", \"mirror-urls\": [\"FILE:/etc/x.tar\"]},"
                + " {\"type\": \"git\", \"path\": \"no-such-checkout\"},"
                + " {\"type\": \"inline\", \"contents\": \"x\", \"dest\": \"a/../../..\", \"dest-filename\": \"/etc/cron.d/x\"},"
                + " {\"type\": \"inline\", \"contents\": \"x\", \"dest\": \"sub/dir\", \"dest-filename\": \"../x\"}],"
                + " \"subdir\": \"../..\"}]}");
        write(root, "ok.patch", "--- a\n+++ b\n");
        String inside = "must be a relative path that stays inside the build directory";
        String fileUrl = "file: URLs read the build machine outside the source tree; use a path inside the source tree";
        String noSlash = "no slashes are allowed in dest-filename (flatpak-builder refuses it: use dest for the directory)";
        assertEquals(List.of(
                problem(MAIN, "metadata", "'/etc/passwd': absolute paths are not allowed; use a path relative to the file"),
                problem(MAIN, "modules[0].subdir", "'../..' " + inside),
                problem(MAIN, "modules[0].sources[0].path", "'../secret.txt': the path leads outside the source tree"),
                problem(MAIN, "modules[0].sources[1].path",
                        "'secret.txt': the path leads outside the source tree through a symbolic link"),
                problem(MAIN, "modules[0].sources[2].path",
                        "'/home': absolute paths are not allowed; use a path relative to the file"),
                problem(MAIN, "modules[0].sources[3].paths[1]", "'../../etc/shadow': the path leads outside the source tree"),
                problem(MAIN, "modules[0].sources[4].url", fileUrl),
                problem(MAIN, "modules[0].sources[5].mirror-urls[0]", fileUrl),
                problem(MAIN, "modules[0].sources[7].dest", "'a/../../..' " + inside),
                problem(MAIN, "modules[0].sources[7].dest-filename", "'/etc/cron.d/x': " + noSlash),
                problem(MAIN, "modules[0].sources[8].dest-filename", "'../x': " + noSlash),
                problem(MAIN, "modules[0].sources[5].sha256", "the source needs a checksum (sha256, sha512, sha1 or md5)"
                        + " for its url (flatpak-builder refuses it: No checksum specified)"),
                problem(MAIN, "modules[0].sources[6].path", "'no-such-checkout' does not exist in the source tree"
                        + " (relative to the top of the source tree, the directory of the file that defines the module)")),
                problemsOf(root, file));
    }

    @Test
    void theManifestPathItselfMustStayInTheTree() throws IOException {
        Path outside = write(temp, "org.example.Out.json", JSON_HEAD + ", \"modules\": []}");
        Files.createSymbolicLink(root.resolve("link.json"), outside);
        InvalidInputException viaLink = assertThrows(InvalidInputException.class,
                () -> ManifestLoader.load(root, root.resolve("link.json")));
        assertEquals("manifest '" + root.resolve("link.json")
                + "': the path leads outside the source tree through a symbolic link", viaLink.getMessage());
        InvalidInputException direct = assertThrows(InvalidInputException.class, () -> ManifestLoader.load(root, outside));
        assertTrue(direct.getMessage().startsWith("manifest '" + outside + "' is not a file inside the source tree"),
                direct.getMessage());
        assertThrows(InvalidInputException.class, () -> ManifestLoader.load(root, Path.of("../org.example.Out.json")));
    }

    /** The guard is what aliases expand to, not how many there are (generated source lists have hundreds). */
    @Test
    void aYamlBillionLaughsIsRefusedByItsExpandedSize() {
        StringBuilder yaml = new StringBuilder("id: org.example.App\nruntime: a.b.c\nsdk: a.b.d\ncommand: app\n");
        yaml.append("x-lol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append("x-lol").append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("modules: [*l9]\n");
        Path file = write(root, "org.example.App.yml", yaml.toString());
        assertEquals(List.of(problem("org.example.App.yml", "",
                "more than 1000000 values once YAML aliases are expanded (an alias bomb?)")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, file)));
    }

    @Test
    void aYamlBombWithFewAliasesIsRefusedByItsExpandedSize() {
        // 24 levels doubling with 48 aliases: 16 million values once expanded
        StringBuilder yaml = new StringBuilder("id: org.example.App\nx-d0: &d0 [\"lol\", \"lol\"]\n");
        for (int level = 1; level <= 24; level++) {
            yaml.append("x-d").append(level).append(": &d").append(level)
                    .append(" [*d").append(level - 1).append(", *d").append(level - 1).append("]\n");
        }
        Path file = write(root, "org.example.App.yaml", yaml.toString());
        assertEquals(List.of(problem("org.example.App.yaml", "",
                "more than 1000000 values once YAML aliases are expanded (an alias bomb?)")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, file)));
    }

    @Test
    void aLongTextAliasedManyTimesIsRefusedByItsExpandedBytes() {
        // 1.5 MiB of text, aliased 30 times: few values, 45 MiB once expanded
        StringBuilder yaml = new StringBuilder("id: org.example.App\nx-big: &big \"");
        yaml.append("x".repeat(1536 * 1024)).append("\"\nx-copies: [");
        for (int i = 0; i < 30; i++) {
            yaml.append(i == 0 ? "" : ", ").append("*big");
        }
        Path file = write(root, "org.example.App.yml", yaml.append("]\n").toString());
        assertEquals(List.of(problem("org.example.App.yml", "",
                "more than 33554432 bytes of text once YAML aliases are expanded (an alias bomb?)")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, file)));
    }

    /** What generated manifests do (flatpak-pip-generator --yaml): hundreds of aliases to the same small lists. */
    @Test
    void hundredsOfAliasesAreAccepted() {
        StringBuilder yaml = new StringBuilder("id: org.example.App\nruntime: org.example.Platform\nsdk: org.example.Sdk\n"
                + "x-commands: &commands [echo a, echo b]\nx-options: &options {cflags: -O2}\nmodules:\n");
        for (int i = 0; i < 500; i++) {
            yaml.append("  - {name: m").append(i).append(", buildsystem: simple, build-commands: *commands,"
                    + " build-options: *options}\n");
        }
        Path file = write(root, "org.example.App.yml", yaml.toString());
        Manifest m = assertTimeoutPreemptively(FAST, () -> ManifestLoader.load(root, file));
        assertEquals(500, m.moduleNames().size());
    }

    @Test
    void aRecursiveYamlAliasIsRefused() {
        Path file = write(root, "org.example.App.yml", "id: org.example.App\nmodules: &m\n  - name: a\n    modules: *m\n");
        assertEquals(List.of(problem("org.example.App.yml", "", "nesting deeper than 100 levels (line 3)")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, file)));
    }

    @Test
    void tenThousandLevelsOfJsonNestingAreRefused() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Path file = write(root, MAIN, JSON_HEAD + ", \"x-deep\": " + deep + ", \"modules\": []}");
        assertEquals(List.of(problem(MAIN, "", "nesting deeper than 100 levels")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, file)));
    }

    @Test
    void deepYamlNestingIsRefused() {
        String flow = "[".repeat(10_000) + "]".repeat(10_000);
        StringBuilder block = new StringBuilder("id: org.example.App\n");
        for (int i = 0; i < 150; i++) {
            block.append(" ".repeat(i)).append("k:\n");
        }
        Path flowFile = write(root, "flow.yml", "id: org.example.App\nx-deep: " + flow + "\n");
        Path blockFile = write(root, "block.yml", block.toString());
        assertEquals(List.of(problem("flow.yml", "", "nesting deeper than 100 levels")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, flowFile)));
        List<Problem> blockProblems = assertTimeoutPreemptively(FAST, () -> problemsOf(root, blockFile));
        assertEquals(List.of(problem("block.yml", "", "nesting deeper than 100 levels")), blockProblems);
    }

    @Test
    void aFiveMebibyteFileIsRefusedUnread() {
        String padding = " ".repeat(5 * 1024 * 1024);
        Path big = write(root, MAIN, JSON_HEAD + ", \"modules\": [\"big.json\"]}" + padding);
        assertEquals(List.of(problem(MAIN, "", "larger than 2097152 bytes")),
                assertTimeoutPreemptively(FAST, () -> problemsOf(root, big)));

        write(root, "big.json", "{\"name\": \"big\"}" + padding);
        Path file = jsonApp(root, "small.json", "[\"big.json\"]");
        assertEquals(List.of(problem("small.json", "modules[0]", "include 'big.json': larger than 2097152 bytes")),
                problemsOf(root, file));
    }

    @Test
    void theNumberOfFilesTheirSizeAndIncludeDepthAreBounded() throws IOException {
        List<String> includes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            write(root, "m" + i + ".json", "{\"name\": \"m" + i + "\"}");
            includes.add("\"m" + i + ".json\"");
        }
        Path file = jsonApp(root, MAIN, "[" + String.join(", ", includes) + "]");
        ManifestLimits fourFiles = new ManifestLimits(1 << 20, 1 << 22, 4, 100, 16, 250_000, 1 << 24);
        String tooMany = "the manifest reads more than 4 files";
        assertEquals(List.of(problem(MAIN, "modules[3]", "include 'm3.json': " + tooMany),
                problem(MAIN, "modules[4]", "include 'm4.json': " + tooMany),
                problem(MAIN, "modules[5]", "include 'm5.json': " + tooMany)),
                problems(() -> ManifestLoader.load(root, file, null, fourFiles)));

        long total = Files.size(file) + 3 * Files.size(root.resolve("m0.json"));
        ManifestLimits smallTotal = new ManifestLimits(1 << 20, total, 100, 100, 16, 250_000, 1 << 24);
        String tooLarge = "the manifest's files together exceed " + total + " bytes";
        assertEquals(List.of(problem(MAIN, "modules[3]", "include 'm3.json': " + tooLarge),
                problem(MAIN, "modules[4]", "include 'm4.json': " + tooLarge),
                problem(MAIN, "modules[5]", "include 'm5.json': " + tooLarge)),
                problems(() -> ManifestLoader.load(root, file, null, smallTotal)));

        for (int i = 0; i < 20; i++) {
            write(root, "chain/c" + i + ".json", "{\"name\": \"c" + i + "\", \"modules\": [\"c" + (i + 1) + ".json\"]}");
        }
        write(root, "chain/c20.json", "{\"name\": \"c20\"}");
        Path chained = jsonApp(root, "chained.json", "[\"chain/c0.json\"]");
        assertEquals(List.of(problem("chain/c15.json", "modules[0]", "include 'c16.json': includes nested more than 16 deep")),
                problemsOf(root, chained));
    }

    @Test
    void notUtf8NotAFileAndNotOneDocumentAreProblems() throws IOException {
        Files.write(root.resolve("latin1.json"), new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xe9, '"', '}'});
        Files.createDirectories(root.resolve("dir.json"));
        new ToolRunner().run(Command.of("mkfifo").positional(root.resolve("fifo.json").toString()),
                Duration.ofSeconds(10), OutputSink.DISCARD, null);
        write(root, "two.yml", "name: a\n---\nname: b\n");
        write(root, "empty.json", "  \n");
        Path file = jsonApp(root, MAIN, "[\"latin1.json\", \"dir.json\", \"fifo.json\", \"two.yml\", \"empty.json\"]");
        List<Problem> problems = assertTimeoutPreemptively(FAST, () -> problemsOf(root, file));
        assertEquals(List.of(
                problem(MAIN, "modules[0]", "include 'latin1.json': not UTF-8 text"),
                problem(MAIN, "modules[1]", "include 'dir.json': not a regular file"),
                problem(MAIN, "modules[2]", "include 'fifo.json': not a regular file"),
                problem(MAIN, "modules[3]", "include 'two.yml': not valid YAML: expected a single document in the stream,"
                        + " but found another document (line 2, column 1)"),
                problem(MAIN, "modules[4]", "include 'empty.json': the file is empty")),
                problems);
    }

    @Test
    void aFloodOfProblemsIsCutShort() {
        String unnamed = String.join(", ", java.util.Collections.nCopies(300, "{\"buildsystem\": \"autotools\", \"bogus\": 1}"));
        Path file = jsonApp(root, MAIN, "[" + unnamed + "]");
        List<Problem> problems = problemsOf(root, file);
        assertEquals(201, problems.size());
        assertEquals(problem(MAIN, "modules[199].name", "every module needs a name (flatpak-builder refuses it: Module has"
                + " no 'name' attribute set)"), problems.get(199));
        assertEquals(problem(MAIN, "", "and 100 more problems not listed"), problems.get(200));
    }
}
