package io.jenkins.plugins.flatpak.jenkins.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/**
 * The management page as a user sees it whose permissions differ per job: {@code Jenkins.getItemByFullName} returns
 * the job (Item/Read), null (no permission at all) or throws {@link AccessDeniedException} (Item/Discover without
 * Item/Read, on the job or a folder above it), as Jenkins' {@code getItem} does at each level of the path.
 */
class JenkinsRunAccessTest {
    private BuildIndex index;
    private final List<String> asked = new ArrayList<>();
    private final Map<String, String> ids = new java.util.HashMap<>();

    /** readable/app: Item/Read; discover/app and locked/sub/app: Item/Discover only; hidden/app: nothing. */
    private final JenkinsRunAccess.Jobs jobs = fullName -> {
        asked.add(fullName);
        if (fullName.startsWith("discover/") || fullName.startsWith("locked/")) {
            throw new AccessDeniedException("Please login to access job " + fullName);
        }
        return fullName.startsWith("readable/") ? new JenkinsRunAccess.JobLink("Readable » " + fullName, "job/"
                + fullName.replace("/", "/job/") + "/") : null;
    };

    @BeforeEach
    void index() throws InterruptedException {
        Path home = FlatpakTestEnv.tempDir("run-access");
        RecordStore store = new RecordStore(home);
        index = new BuildIndex(home.resolve("index.jsonl"));
        int n = 0;
        for (String job : List.of("readable/app", "discover/app", "hidden/app", "locked/sub/app", "readable/app")) {
            n++;
            BuildRecord r = new BuildRecord();
            r.setAppId("org.example.App" + n);
            r.setArch("x86_64");
            r.setBranch("stable");
            r = store.create(r);
            Thread.sleep(3);
            index.link(job + "#" + n, r);
            r.setStatus(BuildStatus.PUBLISHED);
            r.setTargetRepo("stable");
            r.setPublished(Map.of("app/" + r.getAppId() + "/x86_64/stable", String.valueOf(n).repeat(64)));
            r.setPublishedAt(Instant.ofEpochSecond(1_700_000_000L + n));
            index.update(r);
            ids.put(job + "#" + n, r.getId());
        }
    }

    @Test
    void aDiscoverOnlyJobHidesItsRunsInsteadOfFailingThePage() {
        BuildPage page = new BuildQuery(index, new JenkinsRunAccess(jobs)).builds(null, null, null, 1, 50);
        assertEquals(List.of("readable/app#5", "readable/app#1"),
                page.getBuilds().stream().map(b -> b.getRun().getId()).toList());
        assertEquals(2, page.getTotal(), "runs the viewer may not read are not counted either");
        RunLink run = page.getBuilds().get(1).getRun();
        assertEquals("Readable » readable/app #1", run.getDisplayName());
        assertEquals("job/readable/job/app/1/", run.getUrl());
        assertEquals(List.of("discover/app", "hidden/app", "locked/sub/app", "readable/app"),
                asked.stream().sorted().toList(), "each job is looked up once per page");
    }

    @Test
    void theRepositoriesTableShowsNoBuildOfAJobTheViewerCannotRead() {
        List<PublishedRef> refs = new BuildQuery(index, new JenkinsRunAccess(jobs)).publishedRefs("stable");
        assertEquals(5, refs.size(), "every published ref is listed: the repository is public");
        for (PublishedRef ref : refs) {
            String n = ref.getRef().replaceAll("\\D", "").substring(0, 1);
            boolean readable = n.equals("1") || n.equals("5");
            if (readable) {
                assertEquals(ids.get("readable/app#" + n), ref.getBuildId(), ref.getRef());
                assertEquals("readable/app#" + n, ref.getRun().getId());
            } else {
                assertNull(ref.getBuildId(), ref.getRef() + ": its build id is the job's");
                assertNull(ref.getRun(), ref.getRef());
            }
        }
    }
}
