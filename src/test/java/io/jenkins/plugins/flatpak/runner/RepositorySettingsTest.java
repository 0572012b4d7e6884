package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.publish.RepositorySettings;
import io.jenkins.plugins.flatpak.engine.repo.KeyFiles;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A repository remembers its settings: a publish that omits a value keeps it — from the runner and from Jenkins
 * alike — and one that states another value changes it and says so. Its {@code .flatpakrepo} holds any title a
 * client can read back unchanged.
 */
class RepositorySettingsTest {

    private static Map<String, String> repoFile(Path repo) throws Exception {
        return KeyFiles.parse(Files.readString(repo.resolveSibling(repo.getFileName() + ".flatpakrepo"),
                StandardCharsets.UTF_8)).get("Flatpak Repo");
    }

    /** The summary's metadata as {@code flatpak repo} and {@code ostree summary --view} show it. */
    private static String summaryInfo(Path repo) {
        return FlatpakTestEnv.runner().capture(Command.of("flatpak", "repo").endOfOptions().arg(repo.toString()),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).text() + "\n"
                + FlatpakTestEnv.runner().capture(Command.of("ostree", "summary", "--view").option("--repo", repo.toString()),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).text();
    }

    @Test
    void settingsSurviveABarePublishFromTheRunnerAndFromJenkinsAndAStatedChangeIsLogged() throws Exception {
        RunnerFixture f = new RunnerFixture("settings");
        RunnerFixture.Key key = f.key("settings");
        String appId = "org.example.Remembered";
        Path repo = f.home.resolve("repos").resolve("stable");
        String first = f.buildAndCommit(appId, "first");
        RunnerInProcess.Result created = f.run("publish", first, "--repo", repo.toString(), "--gpg-key", key.path(),
                "--title", "Example Stable", "--url", "https://flatpak.example.org/stable", "--collection-id",
                "org.example.Stable", "--static-deltas", "--prune-depth", "5", "--default-branch", "stable");
        assertEquals(0, created.status(), created.err());
        RepositorySettings remembered = Publisher.settings(repo);
        assertEquals(new RepositorySettings("Example Stable", "https://flatpak.example.org/stable", "org.example.Stable",
                true, 5, "stable", key.fingerprint(), List.of(), Base64.getEncoder().encodeToString(key.publicKey())),
                remembered);

        String second = f.buildAndCommit(appId, "second");
        RunnerInProcess.Result bare = f.run("publish", second, "--repo", repo.toString(), "--gpg-key", key.path());
        assertEquals(0, bare.status(), bare.err());
        assertFalse(bare.err().contains("changes from"), "a bare publish changes nothing: " + bare.err());
        assertEquals(remembered, Publisher.settings(repo));
        Map<String, String> file = repoFile(repo);
        assertEquals("Example Stable", file.get("Title"));
        assertEquals("https://flatpak.example.org/stable", file.get("Url"));
        assertEquals("org.example.Stable", file.get("DeployCollectionID"));
        assertEquals("stable", file.get("DefaultBranch"));
        assertEquals(Base64.getEncoder().encodeToString(key.publicKey()), file.get("GPGKey"));
        String info = summaryInfo(repo);
        assertTrue(info.contains("Title: Example Stable") && info.contains("Default branch: stable")
                && info.contains("(ostree.summary.collection-id): org.example.Stable"), info);
        String secondCommit = f.show(second).get("published").get(RunnerFixture.appRef(appId)).asText();
        assertTrue(info.contains("Static Deltas (ostree.static-deltas): {") && info.contains("-" + secondCommit + "'"),
                "a static delta to the second build's commit is still generated: " + info);

        // Jenkins states what its repository configuration holds: blank values keep what is remembered.
        String third = f.buildAndCommit(appId, "third");
        FlatpakRepositoryConfig jenkins = new FlatpakRepositoryConfig("stable", repo.toString());
        jenkins.setStaticDeltas(true);
        jenkins.setPruneDepth(5);
        List<String> log = new ArrayList<>();
        Engine engine = new Engine(new EngineConfig(f.home, f.buildRepo, f.home.resolve("work"), new ToolRunner()));
        try (SigningKey signing = SigningKey.parse(Files.readAllBytes(key.file()), null)) {
            engine.publish(third, jenkins.toPublishTarget(), signing, log::add, Cancellation.none());
        }
        assertTrue(log.stream().noneMatch(l -> l.contains("changes from")), log.toString());
        assertEquals(remembered, Publisher.settings(repo));
        assertEquals("Example Stable", repoFile(repo).get("Title"));

        // A stated value changes it, and the log says so; the others stay.
        String fourth = f.buildAndCommit(appId, "fourth");
        RunnerInProcess.Result renamed = f.run("publish", fourth, "--repo", repo.toString(), "--gpg-key", key.path(),
                "--title", "Example Stable (renamed)", "--no-static-deltas");
        assertEquals(0, renamed.status(), renamed.err());
        assertTrue(renamed.err().contains("title changes from 'Example Stable' to 'Example Stable (renamed)'"),
                renamed.err());
        assertTrue(renamed.err().contains("static deltas changes from 'true' to 'false'"), renamed.err());
        assertTrue(f.run("log", fourth, "--phase", "publish").out().contains("title changes from"),
                "the change is in the build's publish log");
        RepositorySettings changed = Publisher.settings(repo);
        assertEquals("Example Stable (renamed)", changed.title());
        assertFalse(changed.staticDeltas());
        assertEquals("https://flatpak.example.org/stable", changed.url());
        assertEquals(5, changed.pruneDepth());
        assertEquals("Example Stable (renamed)", repoFile(repo).get("Title"));
        assertTrue(summaryInfo(repo).contains("Title: Example Stable (renamed)"));
        assertTrue(SignedRepo.verifiedSummaryRefs(repo, key.publicKey()).contains(RunnerFixture.appRef(appId)));
        assertEquals(List.of(), new OstreeRepo(repo, FlatpakTestEnv.runner()).fsck(null));
    }

    @Test
    void aTitleAndUrlWithEscapesPunctuationAndNonAsciiTextRoundTripThroughFlatpakRemoteAdd() throws Exception {
        RunnerFixture f = new RunnerFixture("settings-title");
        RunnerFixture.Key key = f.key("title");
        Path repo = f.home.resolve("repos").resolve("beta");
        String title = "Beta \\n; [Testing] Ünïcødé ✓ #1 \\\\ = GPGKey=x";
        // An address no client reaches: flatpak remote-add --from then keeps what the .flatpakrepo says, instead of
        // taking the title from the summary it would fetch.
        String url = "https://flatpak.invalid/beta\\n;[x]/";
        String id = f.buildAndCommit("org.example.Titled", "titled");

        RunnerInProcess.Result newline = f.run("publish", id, "--repo", repo.toString(), "--gpg-key", key.path(),
                "--title", "two\nlines");
        assertEquals(2, newline.status(), "a title is one line: " + newline.err());
        assertTrue(newline.err().contains("two\\nlines"), newline.err());
        assertFalse(Files.exists(repo));

        RunnerInProcess.Result published = f.run("publish", id, "--repo", repo.toString(), "--gpg-key", key.path(),
                "--title", title, "--url", url);
        assertEquals(0, published.status(), published.err());
        String raw = Files.readString(repo.resolveSibling("beta.flatpakrepo"), StandardCharsets.UTF_8);
        assertEquals(4, raw.split("\n").length, "Title, Url and GPGKey stay one line each: " + raw);
        assertTrue(summaryInfo(repo).contains("Title: " + title));

        RunnerFixture.Client client = RunnerFixture.client("title-client");
        client.flatpak("remote-add", "--from", "beta", repo.resolveSibling("beta.flatpakrepo").toString());
        List<String> remotes = client.flatpak("remotes", "--columns=name,title,url");
        assertTrue(remotes.stream().map(l -> l.split("\t")).anyMatch(c -> c[0].equals("beta") && c[1].equals(title)
                && c[2].equals(url)), "flatpak remotes shows the title and URL unchanged: " + remotes);
        Map<String, String> remote = KeyFiles.parse(Files.readString(client.dir().resolve("repo").resolve("config"),
                StandardCharsets.UTF_8)).get("remote \"beta\"");
        assertEquals(title, remote.get("xa.title"), "the remote's config holds the title unchanged");
        assertEquals(url, remote.get("url"));
        assertEquals("true", remote.get("gpg-verify"), "and the key of the .flatpakrepo");
    }
}
