package io.jenkins.plugins.flatpak.engine.index;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes the index file a busy Jenkins would have after {@code builds} Flatpak builds, directly as lines (no
 * flatpak runs): 200 jobs in 10 folders, 250 apps, repositories stable/beta/nightly (and none), every final
 * status, some builds out of creation order, and a third of the builds with an earlier line the final one
 * supersedes. Deterministic for a seed. Shared by the index tests and the index benchmark.
 */
public final class SyntheticIndex {
    public static final String[] STATUSES = {"published", "failed", "committed", "built", "cancelled", "building"};
    public static final String[] REPOS = {"stable", "beta", "nightly", null};
    /** Jobs of this folder are the ones a typical viewer may not read (a tenth of them). */
    public static final String HIDDEN_FOLDER = "team-9/";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private SyntheticIndex() {}

    /** Writes the file (replacing it); returns each build's final state, as the index must report it. */
    public static Map<String, IndexedBuild> write(Path file, int builds, long seed) {
        Random random = new Random(seed);
        Map<String, IndexedBuild> last = new LinkedHashMap<>();
        int[] runNumbers = new int[200];
        Deque<IndexedBuild> later = new ArrayDeque<>();
        long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (int i = 0; i < builds; i++) {
                    long created = start + i * 1000L + (random.nextInt(20) == 0 ? -random.nextInt(5000) : 0);
                    String id = ID_TIME.format(Instant.ofEpochMilli(created)) + "-" + String.format("%06x", i);
                    int job = random.nextInt(200);
                    String runId = "team-" + (job % 10) + "/job-" + job + "#" + (++runNumbers[job]);
                    String app = "org.example.Tool" + (job * 7 + random.nextInt(3)) % 250;
                    String repo = REPOS[pick(random, 50, 30, 15, 5)];
                    String status = STATUSES[pick(random, 60, 15, 8, 7, 5, 5)];
                    Map<String, String> published = Map.of();
                    long publishedAt = 0;
                    String error = null;
                    if (status.equals("published")) {
                        if (repo == null) {
                            repo = "stable";
                        }
                        published = new LinkedHashMap<>();
                        published.put("app/" + app + "/x86_64/stable", hex(random));
                        published.put("runtime/" + app + ".Locale/x86_64/stable", hex(random));
                        publishedAt = created + 60_000 + random.nextInt(60_000);
                    } else if (status.equals("failed")) {
                        error = "flatpak-builder failed: module " + app + " exited with status " + (1 + random.nextInt(3));
                    }
                    IndexedBuild done = new IndexedBuild(runId, id, app, "x86_64", "stable", status, repo, created,
                            created + 90_000, published, publishedAt, error);
                    if (random.nextInt(3) == 0) {
                        // first seen while building; the final line comes a few builds later, without the run id
                        emit(out, last, new IndexedBuild(runId, id, app, "x86_64", "stable", "building", repo, created,
                                created + 1000, null, 0, null));
                        later.add(done.withRunId(null));
                    } else {
                        emit(out, last, done);
                    }
                    while (later.size() > 5) {
                        emit(out, last, later.poll());
                    }
                }
                while (!later.isEmpty()) {
                    emit(out, last, later.poll());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return last;
    }

    /** The run group (job) may be read by the typical viewer of the benchmark. */
    public static boolean readable(String runId) {
        return runId != null && !runId.startsWith(HIDDEN_FOLDER);
    }

    private static void emit(OutputStream out, Map<String, IndexedBuild> last, IndexedBuild b) throws IOException {
        out.write(IndexLines.encode(b));
        out.write('\n');
        IndexedBuild known = last.get(b.buildId());
        last.put(b.buildId(), b.runId() == null && known != null ? b.withRunId(known.runId()) : b);
    }

    private static int pick(Random random, int... weights) {
        int r = random.nextInt(100);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String hex(Random random) {
        StringBuilder s = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            s.append(String.format("%016x", random.nextLong()));
        }
        return s.toString();
    }
}
