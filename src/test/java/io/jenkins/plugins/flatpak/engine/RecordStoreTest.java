package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
    @TempDir
    Path home;

    @Test
    void walksTheLifecycleAndTimesEachPhase() throws Exception {
        RecordStore store = new RecordStore(home);
        BuildRecord r = store.create(new BuildRecord());
        assertEquals(BuildStatus.CREATED, r.getStatus());
        String id = r.getId();
        store.transition(id, BuildStatus.BUILDING, null);
        store.transition(id, BuildStatus.BUILT, x -> x.setRefs(Map.of("app/org.example.A/x86_64/stable", "ab")));
        store.transition(id, BuildStatus.COMMITTING, null);
        store.transition(id, BuildStatus.COMMITTED, null);
        store.transition(id, BuildStatus.PUBLISHING, null);
        BuildRecord done = store.transition(id, BuildStatus.PUBLISHED, null);
        assertEquals(BuildStatus.PUBLISHED, done.getStatus());
        for (String phase : RecordStore.PHASES) {
            assertNotNull(done.getPhases().get(phase).end(), phase + " ended");
        }
        String json = Files.readString(store.dir(id).resolve("record.json"));
        assertTrue(json.contains("\"status\" : \"published\""), json);
        assertFalse(Files.exists(store.dir(id).resolve("record.json.tmp")), "written by rename");
    }

    @Test
    void refusesIllegalTransitions() {
        RecordStore store = new RecordStore(home);
        String id = store.create(new BuildRecord()).getId();
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> store.transition(id, BuildStatus.PUBLISHING, null));
        assertTrue(e.getMessage().contains("created") && e.getMessage().contains("publishing"), e.getMessage());
        store.transition(id, BuildStatus.FAILED, x -> x.setError("boom"));
        assertThrows(IllegalTransitionException.class, () -> store.transition(id, BuildStatus.BUILDING, null));
        assertEquals("boom", store.get(id).getError());
    }

    @Test
    void theJobThatMadeABuildIsStoredAndNeverChanges() throws Exception {
        RecordStore store = new RecordStore(home);
        BuildRecord made = new BuildRecord();
        made.setJob("team/app");
        made.setRunNumber(12);
        String id = store.create(made).getId();
        String json = Files.readString(store.dir(id).resolve("record.json"));
        assertTrue(json.contains("\"job\" : \"team/app\"") && json.contains("\"runNumber\" : 12"), json);
        assertThrows(IllegalStateException.class, () -> store.update(id, r -> r.setJob("other/job")));
        assertThrows(IllegalStateException.class, () -> store.transition(id, BuildStatus.BUILDING, r -> r.setRunNumber(1)));
        assertEquals("team/app", store.get(id).getJob());
        assertEquals(BuildStatus.CREATED, store.get(id).getStatus());
    }

    @Test
    void aFailedPublishIsRetriedIntoItsOwnRepositoryOnly() {
        RecordStore store = new RecordStore(home);
        String id = store.create(new BuildRecord()).getId();
        for (BuildStatus s : new BuildStatus[] {BuildStatus.BUILDING, BuildStatus.BUILT, BuildStatus.COMMITTING,
                BuildStatus.COMMITTED}) {
            store.transition(id, s, null);
        }
        store.transition(id, BuildStatus.PUBLISHING, r -> r.setTargetRepo("beta"));
        BuildRecord failed = store.transition(id, BuildStatus.FAILED, r -> r.setError("interrupted"));
        assertEquals("publish", failed.getFailedPhase());
        assertTrue(RecordStore.isPublishRetryTo(failed, "beta"));
        assertFalse(RecordStore.isPublishRetryTo(failed, "stable"));
        assertTrue(RecordStore.publishRetryElsewhere(failed, "stable").contains("publish it again to 'beta'"));
        BuildRecord again = store.transition(id, BuildStatus.PUBLISHING, null);
        assertEquals(BuildStatus.PUBLISHING, again.getStatus());
        assertEquals(null, again.getError(), "a retry starts clean");
    }

    @Test
    void unknownAndHostileIdsAreRejected() {
        RecordStore store = new RecordStore(home);
        assertThrows(InvalidInputException.class, () -> store.get("20260101-000000-abcdef"));
        assertThrows(InvalidInputException.class, () -> store.get("../etc"));
        assertThrows(InvalidInputException.class, () -> store.get("-rf"));
    }
}
