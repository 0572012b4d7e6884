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
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerResponse2;

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

        Response page = Response.of(action.log(store, mine.getId(), "build"));
        assertEquals("<script>alert(1)</script>\nok\n", page.body.toString(StandardCharsets.UTF_8));
        assertEquals("text/plain;charset=UTF-8", page.headers.get("Content-Type"), "served as text, never as HTML");
        assertEquals("nosniff", page.headers.get("X-Content-Type-Options"));
        assertEquals("<script>alert(1)</script>\nok\n", action.logTail(store, mine.getId(), "build").orElseThrow().getText());
        assertEquals(Optional.empty(), action.logFile(store, other.getId(), "build"));
        assertEquals(Optional.empty(), action.logFile(store, mine.getId(), "../record.json"));
        assertEquals(Optional.empty(), action.logFile(store, mine.getId(), "publish"), "never ran");
        assertEquals(Optional.empty(), action.logFile(store, null, "build"));
        assertEquals(Optional.empty(), action.logTail(store, other.getId(), "build"));
    }

    /**
     * A log far bigger than the page's bound: the download streams every byte of it in bounded chunks (the old page
     * read up to 4 MiB into one string and cut the rest), and the page model holds only the end of it.
     */
    @Test
    void aHugeLogIsStreamedWholeAndThePageHoldsOnlyItsEnd() throws Exception {
        RecordStore store = new RecordStore(FlatpakTestEnv.tempDir("action"));
        BuildRecord r = store.create(new BuildRecord());
        Path log = store.logFile(r.getId(), "build");
        try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            for (int i = 0; i < 400_000; i++) {
                out.write("line " + i + " – Größe ✓\n"); // multi-byte characters: the cut must not split one
            }
            out.write("the last line\n");
        }
        long size = Files.size(log);
        assertTrue(size > 5 * 1024 * 1024, "a log of " + size + " bytes");
        FlatpakBuildAction action = new FlatpakBuildAction();
        action.record(r);

        Response whole = Response.of(action.log(store, r.getId(), "build"));
        assertEquals(String.valueOf(size), whole.headers.get("Content-Length"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(log), whole.body.toByteArray()), "byte-exact");
        assertTrue(whole.largestWrite <= LogDownload.CHUNK, "streamed in chunks, the largest " + whole.largestWrite);

        LogTail tail = action.logTail(store, r.getId(), "build").orElseThrow();
        assertTrue(tail.getText().getBytes(StandardCharsets.UTF_8).length <= FlatpakBuildAction.PAGE_TAIL_BYTES);
        assertTrue(tail.getText().endsWith("the last line\n"));
        assertTrue(tail.getText().startsWith("line "), "starts at a whole line: " + tail.getText().substring(0, 30));
        assertFalse(tail.getText().contains("\uFFFD"), "no character cut in half");
        assertEquals(size, tail.getSkippedBytes() + tail.getText().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(size, tail.getTotalBytes());
        assertFalse(tail.isWhole());
        assertEquals("build", tail.getPhase());
    }

    @Test
    void aTailWithoutALineBreakStartsAtAWholeCharacter() throws Exception {
        Path file = FlatpakTestEnv.tempDir("tail").resolve("one-line.log");
        Files.writeString(file, "ä".repeat(1000) + "\n" + "ö".repeat(50_000), StandardCharsets.UTF_8);
        LogTail tail = LogTail.read("build", file, 1001);
        assertEquals("ö".repeat(500), tail.getText());
        assertEquals(Files.size(file) - 1000, tail.getSkippedBytes());
    }

    /** A servlet response that records status, headers and body, and the largest single write. */
    static final class Response {
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status;
        int largestWrite;

        static Response of(HttpResponse response) throws Exception {
            Response r = new Response();
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    r.body.write(b);
                    r.largestWrite = Math.max(r.largestWrite, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    r.body.write(b, off, len);
                    r.largestWrite = Math.max(r.largestWrite, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
            StaplerResponse2 rsp = (StaplerResponse2) Proxy.newProxyInstance(Response.class.getClassLoader(),
                    new Class<?>[] {StaplerResponse2.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> r.status = (Integer) args[0];
                            case "setContentType" -> r.headers.put("Content-Type", (String) args[0]);
                            case "setContentLengthLong" -> r.headers.put("Content-Length", String.valueOf(args[0]));
                            case "setHeader" -> r.headers.put((String) args[0], (String) args[1]);
                            case "sendError" -> r.status = (Integer) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
            response.generateResponse(null, rsp, null);
            assertEquals(200, r.status);
            return r;
        }
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
