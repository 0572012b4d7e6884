package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.record.Json;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner's commands, exit statuses and output, in process (the jar itself is run by RunnerJarIT). */
class RunnerTest {
    private static Path home;
    private static Path buildRepo;
    private static Path manifest;

    record Result(int status, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--home", home.toString()));
        argv.addAll(List.of(args));
        int status = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Cancellation());
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void setUp() {
        FlatpakTestEnv.runner(); // the runtime, in the user installation the surefire JVM points at
        home = FlatpakTestEnv.tempDir("runner-home");
        buildRepo = home.resolve("build-repo");
        manifest = FlatpakTestEnv.sampleCopy("hello-yaml").resolve("org.example.Hello.yml");
    }

    @Test
    void buildCommitPublishShowListAndLog() throws Exception {
        Result built = run("build", "--manifest", manifest.toString(), "--build-repo", buildRepo.toString(),
                "--branch", "stable");
        assertEquals(0, built.status(), built.err());
        String id = built.lastLine();
        assertTrue(id.matches("\\d{8}-\\d{6}-[0-9a-f]{6}"), id);
        assertTrue(built.err().contains("[flatpak]"), "progress lines go to standard error");

        Result show = run("show", id, "--json");
        JsonNode json = Json.MAPPER.readTree(show.out());
        assertEquals("built", json.get("status").asText());
        assertEquals("org.example.Hello", json.get("appId").asText());
        assertEquals(FlatpakTestEnv.arch(), json.get("arch").asText());
        assertEquals("stable", json.get("branch").asText());
        assertTrue(json.get("refs").has("app/org.example.Hello/" + FlatpakTestEnv.arch() + "/stable"));
        assertTrue(json.has("published") && json.get("published").isEmpty());

        Path repo = home.resolve("repos").resolve("beta");
        Result early = run("publish", id, "--repo", repo.toString());
        assertEquals(2, early.status());
        assertTrue(early.err().contains("commit it first"), early.err());

        assertEquals(0, run("commit", id).status());

        Path key = home.resolve("key.asc");
        Files.write(key, KeyGenerator.generateArmoredSecretKey("Runner <runner@example.org>",
                "Purple-Otter-2291".toCharArray()));
        Path wrong = home.resolve("wrong.txt");
        Files.writeString(wrong, "Not-The-Passphrase\n");
        Result bad = run("publish", id, "--repo", repo.toString(), "--gpg-key", key.toString(),
                "--gpg-passphrase-file", wrong.toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("passphrase"), bad.err());
        assertFalse(bad.err().contains("Not-The-Passphrase"));
        assertFalse(Files.exists(repo), "a wrong passphrase fails before anything is written");
        assertEquals("committed", Json.MAPPER.readTree(run("show", id, "--json").out()).get("status").asText());

        Path right = home.resolve("right.txt");
        Files.writeString(right, "Purple-Otter-2291\n");
        Result published = run("publish", id, "--repo", repo.toString(), "--gpg-key", key.toString(),
                "--gpg-passphrase-file", right.toString());
        assertEquals(0, published.status(), published.err());
        JsonNode after = Json.MAPPER.readTree(run("show", id, "--json").out());
        assertEquals("published", after.get("status").asText());
        assertEquals("beta", after.get("targetRepo").asText());
        assertTrue(after.get("published").has("app/org.example.Hello/" + FlatpakTestEnv.arch() + "/stable"));
        assertTrue(Files.exists(repo.resolveSibling("beta.flatpakrepo")));

        Result again = run("publish", id, "--repo", repo.toString(), "--gpg-key", key.toString(),
                "--gpg-passphrase-file", right.toString());
        assertEquals(0, again.status());
        assertTrue(again.err().contains("already published"), again.err());

        Result list = run("list");
        assertTrue(list.out().contains(id) && list.out().contains("published"), list.out());
        JsonNode all = Json.MAPPER.readTree(run("list", "--json").out());
        assertTrue(all.isArray() && all.size() >= 1);

        Result log = run("log", id);
        assertTrue(log.out().contains("flatpak-builder") && log.out().contains("published to beta"), log.out());
        String everything = log.out() + Files.readString(home.resolve("records").resolve(id).resolve("record.json"));
        assertFalse(everything.contains("Purple-Otter-2291"), "the passphrase is in no log or record");
    }

    @Test
    void anInterruptedPublishIsPublishedAgainIntoItsRepositoryWithoutASecondCommit() throws Exception {
        Result built = run("build", "--manifest", manifest.toString(), "--build-repo", buildRepo.toString(),
                "--branch", "retry");
        assertEquals(0, built.status(), built.err());
        String id = built.lastLine();
        assertEquals(0, run("commit", id).status());
        Path repo = home.resolve("repos").resolve("retried");
        String ref = "app/org.example.Hello/" + FlatpakTestEnv.arch() + "/retry";

        // The process publishing it was killed: its record still says publishing, owned by a process that is gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new RecordStore(home).transition(id, BuildStatus.PUBLISHING, r -> {
            r.setOwner(gone.pid() + "@" + ProcessOwner.current().host());
            r.setTargetRepo("retried");
            r.setTargetPath(repo.toString());
        });
        JsonNode failed = Json.MAPPER.readTree(run("show", id, "--json").out());
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("error").asText().contains("publish it again"), failed.toString());

        Result elsewhere = run("publish", id, "--repo", home.resolve("repos").resolve("elsewhere").toString());
        assertEquals(2, elsewhere.status(), elsewhere.err());
        assertTrue(elsewhere.err().contains("publish it again to 'retried'"), elsewhere.err());
        assertFalse(Files.exists(home.resolve("repos").resolve("elsewhere")));

        Result again = run("publish", id, "--repo", repo.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("publishing " + id + " again"), again.err());
        JsonNode published = Json.MAPPER.readTree(run("show", id, "--json").out());
        assertEquals("published", published.get("status").asText());
        String commit = published.get("published").get(ref).asText();
        assertEquals(List.of(commit), history(repo, ref));
        assertEquals(0, run("publish", id, "--repo", repo.toString()).status());
        assertEquals(List.of(commit), history(repo, ref), "publishing again changes nothing");
    }

    private static List<String> history(Path repo, String ref) {
        List<String> commits = new ArrayList<>();
        for (String line : new ToolRunner().capture(Command.of("ostree", "log").option("--repo", repo.toString())
                .positional(ref), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output()) {
            if (line.matches("commit [0-9a-f]{64}")) {
                commits.add(line.substring("commit ".length()));
            }
        }
        return commits;
    }

    @Test
    void invalidInputExitsWithTwoAndNamesTheValue() throws Exception {
        Path marker = home.resolve("pwned");
        String[][] cases = {
            {"--app-id", "org.example;touch " + marker},
            {"--branch", "-rf;reboot"},
            {"--branch", "stable\nmaster"},
            {"--arch", "x86_64;id"},
            {"--git-url", "ext::sh -c touch% " + marker},
            {"--git-url", "--upload-pack=touch " + marker},
            {"--git-url", "fd::17"},
        };
        for (String[] c : cases) {
            String m = c[0].equals("--git-url") ? "org.example.Hello.yml" : manifest.toString();
            Result r = run("build", "--manifest", m, "--build-repo", buildRepo.toString(), c[0], c[1]);
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            String shown = c[1].contains("\n") ? c[1].replace("\n", "\\n") : c[1];
            assertTrue(r.err().contains(shown), "names " + shown + ": " + r.err());
        }
        assertFalse(Files.exists(marker), "nothing was executed");
        assertEquals(2, run("show", "../../etc/passwd").status());
        assertEquals(2, run("show", "20990101-000000-000000").status());
        assertEquals(2, run("frobnicate").status());
        assertEquals(2, run("build", "--manifest").status());
        assertEquals(2, run("build", "--manifest", home.resolve("missing.yml").toString(), "--build-repo",
                buildRepo.toString()).status());
    }
}
