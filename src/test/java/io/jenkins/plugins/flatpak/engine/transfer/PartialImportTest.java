package io.jenkins.plugins.flatpak.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.CacheSample;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Moving a build into the build-repo as the Jenkins layer does without a shared filesystem: inventory on the
 * building side, missing objects on the controller, a stream of just those, a verified import.
 */
class PartialImportTest {
    private static final int PAYLOAD = 64 * 1024;
    private static ToolRunner runner;
    private static Path source;
    private static FlatpakBuilder builder;
    private static BuildResult first;
    private static BuildResult second;

    /** Two builds of the sample on the "agent": the second after a one-file change. */
    @BeforeAll
    static void build() {
        runner = FlatpakTestEnv.runner();
        source = CacheSample.create(FlatpakTestEnv.tempDir("partial-src").resolve("src"), 3, 200, PAYLOAD, 1);
        builder = new FlatpakBuilder(runner, FlatpakTestEnv.tempDir("partial-agent"));
        BuildSpec spec = BuildSpec.fromDirectory(source.toString(), CacheSample.MANIFEST);
        first = builder.build("b-partial-1", spec, FlatpakTestEnv.LOG, Cancellation.none());
        CacheSample.writePayload(source, PAYLOAD, 2);
        second = builder.build("b-partial-2", spec, FlatpakTestEnv.LOG, Cancellation.none());
    }

    private static BuildRepository newBuildRepo() {
        return new BuildRepository(FlatpakTestEnv.tempDir("partial-controller").resolve("build-repo"), runner);
    }

    /** The Jenkins layer's sequence; returns the bytes that crossed the "channel". */
    private static long transfer(BuildRepository repo, String id, BuildResult result, ObjectInventory inventory,
            List<String> missing) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ObjectPack.write(Path.of(result.exportRepo()), missing, wire);
        Path staging = repo.createStaging(id, FlatpakTestEnv.LOG, null);
        ObjectPack.Received got = ObjectPack.read(new ByteArrayInputStream(wire.toByteArray()), staging, inventory,
                missing);
        assertEquals(missing.size(), got.objects());
        assertEquals(inventory.bytes(missing), got.bytes());
        return wire.size();
    }

    @Test
    void aRebuildAfterAOneFileChangeSendsOnlyTheNewObjects() {
        BuildRepository repo = newBuildRepo();
        ObjectInventory inv1 = ObjectInventory.of(Path.of(first.exportRepo()), first.refs());
        List<String> missing1 = repo.missing(inv1);
        assertEquals(List.copyOf(inv1.objects().keySet()), missing1, "an empty build-repo lacks everything");
        transfer(repo, "b-partial-1", first, inv1, missing1);
        Map<String, String> imported1 = repo.importPartial("b-partial-1", repo.stagingPath("b-partial-1"), inv1,
                FlatpakTestEnv.LOG, null);
        assertFalse(Files.exists(repo.stagingPath("b-partial-1")), "staging is removed after the import");

        ObjectInventory inv2 = ObjectInventory.of(Path.of(second.exportRepo()), second.refs());
        List<String> missing2 = repo.missing(inv2);
        Set<String> newInBuild2 = new HashSet<>(inv2.objects().keySet());
        newInBuild2.removeAll(inv1.objects().keySet());
        assertEquals(newInBuild2, Set.copyOf(missing2), "exactly the objects the first build did not have");
        // the changed file, the commit, and the directories on the path to the file (/, files, share, cached)
        assertEquals(1, missing2.stream().filter(n -> n.endsWith(".filez")).count(), missing2.toString());
        assertEquals(second.refs().size(), missing2.stream().filter(n -> n.endsWith(".commit")).count());
        assertEquals(4, missing2.stream().filter(n -> n.endsWith(".dirtree")).count(), missing2.toString());
        assertEquals(6, missing2.size(), missing2.toString());
        long wire = transfer(repo, "b-partial-2", second, inv2, missing2);
        System.out.printf("partial import: %d of %d objects, %d of %d bytes, %d bytes on the wire%n",
                missing2.size(), inv2.objects().size(), inv2.bytes(missing2), inv2.bytes(), wire);
        assertTrue(wire < 2 * PAYLOAD, wire + " bytes sent for a " + PAYLOAD + "-byte change");

        Map<String, String> imported2 = repo.importPartial("b-partial-2", repo.stagingPath("b-partial-2"), inv2,
                FlatpakTestEnv.LOG, null);
        OstreeRepo target = repo.repo();
        OstreeRepo agent = new OstreeRepo(Path.of(second.exportRepo()), runner);
        String appRef = "app/" + CacheSample.APP_ID + "/" + second.arch() + "/" + second.branch();
        assertEquals(agent.rootTree(second.refs().get(appRef), null), target.rootTree(imported2.get(appRef), null));
        assertEquals(imported2.get(appRef), target.revParse(BuildRepository.buildRef("b-partial-2", appRef), null));
        assertEquals(imported1.get(appRef), target.revParse(BuildRepository.buildRef("b-partial-1", appRef), null));
        assertEquals(List.of(), target.fsck(null));
    }

    @Test
    void anObjectThatNeverArrivedFailsTheImport() throws Exception {
        BuildRepository repo = newBuildRepo();
        ObjectInventory inv1 = ObjectInventory.of(Path.of(first.exportRepo()), first.refs());
        transfer(repo, "b-partial-1", first, inv1, repo.missing(inv1));
        repo.importPartial("b-partial-1", repo.stagingPath("b-partial-1"), inv1, FlatpakTestEnv.LOG, null);
        ObjectInventory inv2 = ObjectInventory.of(Path.of(second.exportRepo()), second.refs());
        List<String> missing = repo.missing(inv2);
        String appRef = "app/" + CacheSample.APP_ID + "/" + second.arch() + "/" + second.branch();
        String before = repo.repo().revParse(appRef, null);
        String payload = missing.stream().filter(n -> n.endsWith(".filez")).findFirst().orElseThrow();

        // the engine's check names what is missing, before any tool runs
        transfer(repo, "b-partial-2", second, inv2, missing);
        Files.delete(repo.stagingPath("b-partial-2").resolve(ObjectNames.relativePath(payload)));
        ObjectsMissingException e = assertThrows(ObjectsMissingException.class, () -> repo.importPartial(
                "b-partial-2", repo.stagingPath("b-partial-2"), inv2, FlatpakTestEnv.LOG, null));
        assertEquals(List.of(payload), e.missing());

        // and without that check (an inventory that lies by omission), the pull itself refuses
        transfer(repo, "b-partial-2", second, inv2, missing);
        Files.delete(repo.stagingPath("b-partial-2").resolve(ObjectNames.relativePath(payload)));
        assertThrows(ToolFailedException.class, () -> repo.importBuild("b-partial-2",
                repo.stagingPath("b-partial-2"), second.refs(), FlatpakTestEnv.LOG, null));
        assertEquals(before, repo.repo().revParse(appRef, null), "the ref did not move");
        assertNull(repo.repo().revParse(BuildRepository.buildRef("b-partial-2", appRef), null));
        assertEquals(List.of(), repo.repo().fsck(null));
    }

    @Test
    void aCorruptedObjectFailsVerification() throws Exception {
        BuildRepository repo = newBuildRepo();
        ObjectInventory inv = ObjectInventory.of(Path.of(second.exportRepo()), second.refs());
        List<String> missing = repo.missing(inv);
        transfer(repo, "b-partial-2", second, inv, missing);
        String payload = missing.stream().filter(n -> n.endsWith(".filez")).findFirst().orElseThrow();
        Path staged = repo.stagingPath("b-partial-2").resolve(ObjectNames.relativePath(payload));
        // same size, same name, other content: a valid zlib stream of other bytes would do too; flip one byte
        byte[] bytes = Files.readAllBytes(staged);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(staged, bytes);
        ToolFailedException e = assertThrows(ToolFailedException.class, () -> repo.importPartial("b-partial-2",
                repo.stagingPath("b-partial-2"), inv, FlatpakTestEnv.LOG, null));
        FlatpakTestEnv.LOG.line("refused: " + e.getMessage() + " " + e.tail());
        String appRef = "app/" + CacheSample.APP_ID + "/" + second.arch() + "/" + second.branch();
        assertNull(repo.repo().revParse(appRef, null));
        assertEquals(List.of(), repo.repo().fsck(null));
    }

    @Test
    void aStreamWithObjectsNotAskedForIsRefused() throws Exception {
        BuildRepository repo = newBuildRepo();
        ObjectInventory inv = ObjectInventory.of(Path.of(second.exportRepo()), second.refs());
        List<String> missing = repo.missing(inv);
        for (String hostile : List.of("../../config", "objects/ab/cd.filez", "f".repeat(64) + ".filez")) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(wire)) {
                zip.putNextEntry(new ZipEntry(hostile));
                zip.write(new byte[] {1, 2, 3});
                zip.closeEntry();
            }
            Path staging = repo.createStaging("b-hostile", FlatpakTestEnv.LOG, null);
            FlatpakException e = assertThrows(FlatpakException.class, () -> ObjectPack.read(
                    new ByteArrayInputStream(wire.toByteArray()), staging, inv, missing));
            assertTrue(e.getMessage().contains("not an object that was asked for"), e.getMessage());
        }
        assertThrows(FlatpakException.class, () -> ObjectInventory.of(Path.of(second.exportRepo()),
                Map.of("app/" + CacheSample.APP_ID + "/" + second.arch() + "/master",
                        "0".repeat(64))), "a ref whose commit is not in the repository");
    }
}
