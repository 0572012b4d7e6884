package io.jenkins.plugins.flatpak.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import io.jenkins.plugins.flatpak.engine.index.IndexFilter;
import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import io.jenkins.plugins.flatpak.engine.index.RecordIndex;
import io.jenkins.plugins.flatpak.engine.index.SyntheticIndex;
import io.jenkins.plugins.flatpak.engine.record.Json;
import io.jenkins.plugins.flatpak.jenkins.model.BuildIndex;
import io.jenkins.plugins.flatpak.jenkins.model.BuildPage;
import io.jenkins.plugins.flatpak.jenkins.model.BuildQuery;
import io.jenkins.plugins.flatpak.jenkins.model.BuildRow;
import io.jenkins.plugins.flatpak.jenkins.model.PublishedRef;
import io.jenkins.plugins.flatpak.jenkins.model.RunAccess;
import io.jenkins.plugins.flatpak.jenkins.model.RunLink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Benchmark 5: the management page over 100 000 builds. The index file is written directly
 * ({@link SyntheticIndex}: 200 jobs, a tenth of them unreadable to the viewer, 250 apps, 3 repositories, a third
 * of the builds with a superseded line), then a mix of the page's queries (list, filter by status / app id /
 * repository, deep pages, a repository's published refs) runs through {@link BuildQuery} on the index, and the
 * same queries through the approach the index replaces, in the same process:
 * <ul>
 * <li>a full JSON-lines scan: every query reads and binds every line, keeps the last of each build, sorts newest
 * first, filters, asks the run access per build and pages (what a page without a kept index costs);
 * <li>one object per build in memory (the first BuildIndex): the file bound once, then per query a copy of every
 * entry sorted newest first, filtered, asked about and paged.
 * </ul>
 * Both baselines give the same pages as the index: a difference fails the benchmark. Also measured: loading the
 * index vs binding every line to an object, and the heap each holds.
 */
public final class IndexBenchmark implements Benchmark {
    private static final ObjectReader READER = Json.MAPPER.readerFor(IndexedBuild.class);
    private static final Comparator<IndexedBuild> NEWEST_FIRST = Comparator.comparingLong(IndexedBuild::createdAt)
            .thenComparing(IndexedBuild::buildId).reversed();
    private static final double P99_LIMIT_MS = 50;

    /** One query of the management page: a page of builds, or a repository's published refs. */
    private record Query(String name, String status, String appId, String repo, int page, String refsOf) {
        static Query builds(String name, String status, String appId, String repo, int page) {
            return new Query(name, status, appId, repo, page, null);
        }

        static Query refs(String repo) {
            return new Query("refs of " + repo, null, null, null, 0, repo);
        }
    }

    private static final List<Query> QUERIES = List.of(
            Query.builds("all, page 1", null, null, null, 1),
            Query.builds("failed", "failed", null, null, 1),
            Query.builds("app id part", null, "tool17", null, 1),
            Query.builds("repo beta, page 2", null, null, "beta", 2),
            Query.builds("published to stable, page 5", "published", null, "stable", 5),
            Query.builds("all, page 1800", null, null, null, 1800),
            Query.builds("built, app id", "built", "org.example.tool2", null, 1),
            Query.refs("stable"));

    @Override
    public String id() {
        return "index";
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        int builds = context.intSetting("index.builds", 100_000);
        int rounds = context.intSetting("index.rounds", 300);
        int baselineRounds = context.intSetting("index.baselineRounds", 3);
        Path file = context.workDir().resolve("jenkins-index.jsonl");
        SyntheticIndex.write(file, builds, 42);
        long fileBytes = Files.size(file);
        long lines = countLines(file);
        context.note(String.format(Locale.ROOT, "%d builds in %d lines, %.1f MB", builds, lines, fileBytes / 1e6));

        // Loading: the index vs binding every line (median of 5 and 3, after one of each to warm up).
        loadIndex(file);
        readAll(file);
        long[] indexLoads = new long[5];
        for (int i = 0; i < indexLoads.length; i++) {
            indexLoads[i] = BenchContext.nanos(() -> loadIndex(file));
        }
        long[] objectLoads = new long[3];
        for (int i = 0; i < objectLoads.length; i++) {
            objectLoads[i] = BenchContext.nanos(() -> readAll(file));
        }

        // Heap held: the index's table vs one object per build.
        long indexHeap = retained(() -> loadIndex(file));
        long objectsHeap = retained(() -> readAll(file));
        long estimated = loadIndex(file).stats().heapBytes();

        // The page's queries.
        RunAccess viewer = new Viewer();
        BuildIndex index = new BuildIndex(file);
        BuildQuery query = new BuildQuery(index, viewer);
        Map<String, IndexedBuild> inMemory = readAll(file);
        for (Query q : QUERIES) { // the same answers three ways, before anything is timed
            List<String> byIndex = run(query, q);
            List<String> byScan = scan(file, q, viewer);
            List<String> byObjects = answer(inMemory, q, viewer);
            if (!byIndex.equals(byScan) || !byIndex.equals(byObjects)) {
                throw new AssertionError(q.name() + ": the index answers " + byIndex + " but a full scan " + byScan
                        + " and the objects " + byObjects);
            }
        }
        List<Long> objectTimes = new ArrayList<>();
        for (int r = 0; r < Math.max(3, baselineRounds * 3); r++) {
            for (Query q : QUERIES) {
                objectTimes.add(BenchContext.nanos(() -> answer(inMemory, q, viewer)));
            }
        }
        inMemory.clear(); // the baselines' objects go before the index is timed
        usedAfterGc();
        for (int i = 0; i < 50; i++) { // warm up
            for (Query q : QUERIES) {
                run(query, q);
            }
        }
        List<Long> indexTimes = new ArrayList<>();
        List<Long> indexCpu = new ArrayList<>(); // the query's own CPU time: wall time less waiting for a CPU or GC
        Map<String, List<Long>> perQuery = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (Query q : QUERIES) {
                long cpu = threads.getCurrentThreadCpuTime();
                long t = BenchContext.nanos(() -> run(query, q));
                indexCpu.add(threads.getCurrentThreadCpuTime() - cpu);
                indexTimes.add(t);
                perQuery.computeIfAbsent(q.name(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Long> scanTimes = new ArrayList<>();
        for (int r = 0; r < baselineRounds; r++) {
            for (Query q : QUERIES) {
                scanTimes.add(BenchContext.nanos(() -> scan(file, q, viewer)));
            }
        }

        // Appends at this size: a build's line changes (its error), one line each.
        long[] appends = new long[200];
        RecordIndex engineIndex = index.engineIndex();
        IndexedBuild some = engineIndex.query(IndexFilter.all(), 10, 1).get(0);
        for (int i = 0; i < appends.length; i++) {
            IndexedBuild changed = new IndexedBuild(null, some.buildId(), some.appId(), some.arch(), some.branch(),
                    some.status(), some.repo(), some.createdAt(), some.updatedAt(), some.published(),
                    some.publishedAt(), "benchmark change " + i);
            appends[i] = BenchContext.nanos(() -> engineIndex.put(changed));
        }

        String size = builds + " builds";
        String mix = indexTimes.size() + " queries of " + QUERIES.size() + " kinds";
        double indexP50 = ms(percentile(indexTimes, 50));
        double indexP99 = ms(percentile(indexTimes, 99));
        double scanP50 = ms(percentile(scanTimes, 50));
        double scanP99 = ms(percentile(scanTimes, 99));
        double objectP99 = ms(percentile(objectTimes, 99));
        String slowest = perQuery.entrySet().stream()
                .max(Comparator.comparingDouble(e -> percentile(e.getValue(), 99)))
                .map(e -> String.format(Locale.ROOT, "slowest kind '%s' p99 %.3f ms", e.getKey(), ms(percentile(e.getValue(), 99))))
                .orElse("");
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(5, "management page query median, " + size, "index", indexP50,
                "full JSON-lines scan", scanP50, "ms", List.of(mix, scanTimes.size() + " scans",
                        String.format(Locale.ROOT, "index CPU time median %.3f ms", ms(percentile(indexCpu, 50)))),
                0.1));
        figures.add(new Figure(5, "management page query p99, " + size, "index", indexP99,
                "full JSON-lines scan", scanP99, "ms",
                List.of(mix, slowest,
                        String.format(Locale.ROOT, "index CPU time p99 %.3f ms", ms(percentile(indexCpu, 99))),
                        String.format(Locale.ROOT, "target p99 < %.0f ms, as a ratio <= %.0f / %.1f",
                                P99_LIMIT_MS, P99_LIMIT_MS, scanP99)),
                P99_LIMIT_MS / scanP99));
        figures.add(new Figure(5, "management page query p99 vs objects in memory, " + size, "index", indexP99,
                "one object per build, sorted per query", objectP99, "ms",
                List.of(objectTimes.size() + " baseline queries",
                        String.format(Locale.ROOT, "baseline median %.2f ms", ms(percentile(objectTimes, 50)))),
                0.1));
        figures.add(new Figure(5, "index load, " + size + " (" + lines + " lines, "
                + String.format(Locale.ROOT, "%.1f MB", fileBytes / 1e6) + ")", "index", ms(median(indexLoads)),
                "every line bound to an object", ms(median(objectLoads)), "ms",
                List.of(String.format(Locale.ROOT, "append p50 %.3f ms, p99 %.3f ms",
                        ms(percentile(asList(appends), 50)), ms(percentile(asList(appends), 99)))), 1.0));
        figures.add(new Figure(5, "heap held, " + size, "index", indexHeap / 1e6, "one object per build",
                objectsHeap / 1e6, "MB", List.of(String.format(Locale.ROOT, "index's own estimate %.1f MB",
                        estimated / 1e6)), 0.25));
        return figures;
    }

    /** What the page shows for the query: build ids with their runs, or refs with their builds; and the total. */
    private static List<String> run(BuildQuery query, Query q) {
        if (q.refsOf() != null) {
            List<String> out = new ArrayList<>();
            for (PublishedRef r : query.publishedRefs(q.refsOf())) {
                out.add(r.getRef() + "=" + r.getCommit() + "@" + r.getBuildId() + " " + runOf(r.getRun()));
            }
            return out;
        }
        BuildPage page = query.builds(q.status(), q.appId(), q.repo(), q.page(), BuildQuery.DEFAULT_PAGE_SIZE);
        List<String> out = new ArrayList<>();
        out.add("total " + page.getTotal() + " page " + page.getPage());
        for (BuildRow row : page.getBuilds()) {
            out.add(row.getBuildId() + " " + row.getStatus() + " " + runOf(row.getRun()));
        }
        return out;
    }

    /** A full JSON-lines scan answering one query. */
    private static List<String> scan(Path file, Query q, RunAccess access) {
        return answer(readAll(file), q, access);
    }

    /** The first BuildQuery's way: every entry sorted newest first, filtered, asked about, then paged. */
    private static List<String> answer(Map<String, IndexedBuild> entries, Query q, RunAccess access) {
        if (q.refsOf() != null) {
            Map<String, IndexedBuild> latest = new HashMap<>();
            for (IndexedBuild e : entries.values()) { // in the order of their lines: a later line wins a tie
                if ("published".equals(e.status()) && q.refsOf().equals(e.repo())) {
                    for (String ref : e.published().keySet()) {
                        latest.merge(ref, e, (a, b) -> b.publishedAt() >= a.publishedAt() ? b : a);
                    }
                }
            }
            List<String> out = new ArrayList<>();
            latest.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(e.getKey() + "="
                    + e.getValue().published().get(e.getKey()) + "@" + e.getValue().buildId() + " "
                    + runOf(access.find(e.getValue().runId()))));
            return out;
        }
        List<IndexedBuild> all = new ArrayList<>(entries.values());
        all.sort(NEWEST_FIRST);
        String app = q.appId() == null ? null : q.appId().toLowerCase(Locale.ROOT);
        List<IndexedBuild> visible = new ArrayList<>();
        List<RunLink> runs = new ArrayList<>();
        for (IndexedBuild e : all) {
            if (q.status() != null && !q.status().equals(e.status()) || q.repo() != null && !q.repo().equals(e.repo())
                    || app != null && (e.appId() == null || !e.appId().toLowerCase(Locale.ROOT).contains(app))) {
                continue;
            }
            RunLink run = access.find(e.runId());
            if (run != null) {
                visible.add(e);
                runs.add(run);
            }
        }
        int size = BuildQuery.DEFAULT_PAGE_SIZE;
        int pages = Math.max(1, (visible.size() + size - 1) / size);
        int p = Math.min(Math.max(1, q.page()), pages);
        List<String> out = new ArrayList<>();
        out.add("total " + visible.size() + " page " + p);
        for (int i = (p - 1) * size; i < Math.min(p * size, visible.size()); i++) {
            out.add(visible.get(i).buildId() + " " + visible.get(i).status() + " " + runOf(runs.get(i)));
        }
        return out;
    }

    /** Every line bound to an object, the last line of a build winning and keeping its run (the first BuildIndex). */
    private static Map<String, IndexedBuild> readAll(Path file) {
        Map<String, IndexedBuild> entries = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                IndexedBuild e;
                try {
                    e = READER.readValue(line);
                } catch (IOException malformed) {
                    continue;
                }
                IndexedBuild known = entries.remove(e.buildId());
                if (e.runId() == null && known != null && known.runId() != null) {
                    e = e.withRunId(known.runId());
                }
                entries.put(e.buildId(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static RecordIndex loadIndex(Path file) {
        RecordIndex index = new RecordIndex(file);
        index.size();
        return index;
    }

    /** The heap still used after a full collection while what {@code make} returns is reachable. */
    private static long retained(Supplier<Object> make) throws InterruptedException {
        long before = usedAfterGc();
        Object held = make.get();
        long after = usedAfterGc();
        Reference.reachabilityFence(held);
        return after - before;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /**
     * The viewer, as {@code JenkinsRunAccess} answers: a job lookup per run id (here a map; in Jenkins
     * {@code getItemByFullName}, null without READ), cached per job, and a link for each readable run.
     */
    private static final class Viewer implements RunAccess {
        private final Map<String, Optional<String>> jobs = new HashMap<>();

        @Override
        public RunLink find(String runId) {
            if (runId == null) {
                return null;
            }
            int hash = runId.lastIndexOf('#');
            if (hash <= 0) {
                return null;
            }
            int number = Integer.parseInt(runId.substring(hash + 1));
            String job = runId.substring(0, hash);
            Optional<String> found = jobs.computeIfAbsent(job,
                    j -> SyntheticIndex.readable(runId) ? Optional.of("job/" + j.replace("/", "/job/") + "/") : Optional.empty());
            return found.map(url -> new RunLink(runId, job + " #" + number, url + number + "/")).orElse(null);
        }
    }

    private static String runOf(RunLink run) {
        return run == null ? "-" : run.getId() + "->" + run.getUrl();
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static List<Long> asList(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static long median(long[] values) {
        return percentile(asList(values), 50);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
