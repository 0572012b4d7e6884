package io.jenkins.plugins.flatpak.jenkins.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run's action: snapshots of its builds, and per-phase logs served only for its own builds. */
class FlatpakBuildActionTest {
    @Test
    void recordAddsOrRefreshesTheSnapshotOfABuild() {
        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord r = new BuildRecord();
        r.setAppId("org.example.App");
        r.setArch("x86_64");
        r.setBranch("stable");
        r = store.create(r);
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(r);
        store.transition(r.getId(), BuildStatus.BUILDING, null);
        action.record(store.get(r.getId()));
        assertEquals(1, action.getBuilds().size());
        BuildSnapshot s = action.getBuild(r.getId()).orElseThrow();
        assertEquals("building", s.getStatus());
        assertEquals("org.example.App x86_64/stable", s.getTitle());
        assertEquals(1, s.getPhases().size());
        assertTrue(s.getPhases().get(0).isRunning());
    }

    @Test
    void theRunShowsEachBuildAsItsRecordSaysNow() {
        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord r = store.create(new BuildRecord());
        String id = r.getId();
        for (BuildStatus s : new BuildStatus[] {BuildStatus.BUILDING, BuildStatus.BUILT, BuildStatus.COMMITTING,
                BuildStatus.COMMITTED}) {
            r = store.transition(id, s, null);
        }
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(r); // what the commit step showed last
        // Then the publish began, and the recovery after the controller was killed marked the build failed.
        store.transition(id, BuildStatus.PUBLISHING, x -> x.setTargetRepo("beta"));
        store.transition(id, BuildStatus.FAILED, x -> x.setError("interrupted while publishing; publish it again"));

        assertEquals("committed", action.getBuilds(null).get(0).getStatus(), "without records: what was saved");
        BuildSnapshot shown = action.getBuilds(store).get(0);
        assertEquals("failed", shown.getStatus());
        assertEquals("beta", shown.getTargetRepo());
        assertEquals("interrupted while publishing; publish it again", shown.getError());
        assertEquals("failed", action.getBuild(id).orElseThrow().getStatus(), "kept for the run's next save");

        // A record that is gone (retention) leaves the last snapshot on the run.
        BuildRecord gone = new BuildRecord();
        gone.setId("20250101-000000-abcdef");
        gone.setStatus(BuildStatus.PUBLISHED);
        action.record(gone);
        assertEquals("published", action.getBuilds(store).get(1).getStatus());
        assertEquals(2, action.getBuilds().size(), "no Jenkins here: the saved snapshots");
    }

    @Test
    void logsAreServedOnlyForThisRunsBuildsAndKnownPhases() throws Exception {
        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord mine = store.create(new BuildRecord());
        BuildRecord other = store.create(new BuildRecord());
        Files.writeString(store.logFile(mine.getId(), "build"), "<script>alert(1)</script>\nok\n");
        Files.writeString(store.logFile(other.getId(), "build"), "not yours\n");
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(mine);

        assertEquals(Optional.of("<script>alert(1)</script>\nok\n"), action.readLog(store, mine.getId(), "build"),
                "served as text/plain, the text as it is");
        assertEquals(Optional.empty(), action.readLog(store, other.getId(), "build"));
        assertEquals(Optional.empty(), action.readLog(store, mine.getId(), "../record.json"));
        assertEquals(Optional.empty(), action.readLog(store, mine.getId(), "publish"), "never ran");
        assertEquals(Optional.empty(), action.readLog(store, null, "build"));
    }

    @Test
    void aHugeLogIsCutToItsEnd() throws Exception {
        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord r = store.create(new BuildRecord());
        Path log = store.logFile(r.getId(), "build");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() <= FlatpakBuildAction.MAX_LOG_BYTES + 1000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        sb.append("the last line\n");
        Files.writeString(log, sb);
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(r);
        String text = action.readLog(store, r.getId(), "build").orElseThrow();
        assertTrue(text.startsWith("[… "), text.substring(0, 40));
        assertTrue(text.endsWith("the last line\n"));
        assertTrue(text.length() <= FlatpakBuildAction.MAX_LOG_BYTES + 100);
        assertFalse(text.contains("\nline 0\n"));
    }

    @Test
    void snapshotsHoldNoGitPasswordAndSurviveSerialization() throws Exception {
        assertEquals("https://example.org/app.git",
                BuildSnapshot.withoutUserInfo("https://user:s3cret@example.org/app.git"));
        assertEquals("https://example.org:8443/app.git",
                BuildSnapshot.withoutUserInfo("https://token@example.org:8443/app.git"));
        assertEquals("git@example.org:team/app.git", BuildSnapshot.withoutUserInfo("git@example.org:team/app.git"));

        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord r = new BuildRecord();
        r.setGitUrl("https://user:s3cret@example.org/app.git");
        r = store.create(r);
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(r);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(action.getBuild(r.getId()).orElseThrow());
        }
        assertFalse(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains("s3cret"));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            BuildSnapshot back = (BuildSnapshot) in.readObject();
            assertEquals("https://example.org/app.git", back.getGitUrl());
            assertEquals(r.getId(), back.getBuildId());
        }
    }

    @Test
    void flatpakrepoLinksSitBesideTheRepositoryUrl() {
        assertEquals("https://repo.example.org/beta.flatpakrepo",
                RepositoryView.flatpakrepoUrl("https://repo.example.org/beta/"));
        assertEquals("http://h/r.flatpakrepo", RepositoryView.flatpakrepoUrl("http://h/r"));
        assertEquals(null, RepositoryView.flatpakrepoUrl("file:///srv/repos/beta"));
        assertEquals(null, RepositoryView.flatpakrepoUrl(null));
    }
}
