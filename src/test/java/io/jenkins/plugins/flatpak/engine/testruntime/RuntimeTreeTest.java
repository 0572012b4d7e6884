package io.jenkins.plugins.flatpak.engine.testruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lays out runtime trees from this host's real binaries, without flatpak. */
class RuntimeTreeTest {
    private final ToolRunner runner = new ToolRunner();

    @Test
    void treeHoldsProgramsTheirLibrariesAndTheLoaderWhereFlatpakLooks() throws Exception {
        Path dir = FlatpakTestEnv.tempDir("tree").resolve("sdk");
        new RuntimeTree(runner, HostPrograms.fromEnvironment(), FlatpakTestEnv.LOG)
                .build(dir, RuntimeRecipe.SDK, "x86_64", "f1ngerpr1nt");

        Path usr = dir.resolve("usr");
        assertEquals(Path.of("bash"), Files.readSymbolicLink(usr.resolve("bin/sh")));
        assertEquals(Path.of("../lib"), Files.readSymbolicLink(usr.resolve("lib64")));
        assertTrue(Files.isDirectory(dir.resolve("files")));
        for (String tool : List.of("bash", "install", "cp", "mkdir", "echo", "cat", "chmod", "ln", "sed", "ldconfig")) {
            assertTrue(Files.isExecutable(usr.resolve("bin").resolve(tool)), tool);
        }
        // Every library the host's loader resolves for sed (loader included) is in usr/lib under its own name.
        Path sed = HostPrograms.fromEnvironment().find("sed").orElseThrow();
        List<String> ldd = runner.capture(Command.of("ldd").positional(sed.toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null).output();
        assertTrue(ldd.stream().anyMatch(l -> l.contains("ld-linux")), ldd.toString());
        for (String line : ldd) {
            String path = line.trim().replaceAll("^\\S+ => ", "").replaceAll(" \\(0x[0-9a-f]+\\)$", "");
            if (path.startsWith("/")) {
                assertTrue(Files.isRegularFile(usr.resolve("lib").resolve(Path.of(path).getFileName())), path);
            }
        }
        assertEquals("f1ngerpr1nt", Files.readString(usr.resolve(RuntimeTree.FINGERPRINT_FILE)).trim());
        assertEquals("[Runtime]\nname=io.jenkins.flatpak.test.Sdk\n"
                + "runtime=io.jenkins.flatpak.test.Platform/x86_64/1.0\nsdk=io.jenkins.flatpak.test.Sdk/x86_64/1.0\n",
                Files.readString(dir.resolve("metadata")));
    }

    @Test
    void aScriptBringsItsInterpreter() throws Exception {
        Path hostBin = FlatpakTestEnv.tempDir("host-bin");
        Path script = hostBin.resolve("greet");
        Files.writeString(script, "#!/usr/bin/env bash\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        RuntimeRecipe recipe = new RuntimeRecipe("org.example.Scripted",
                List.of(HostTool.required("bash"), HostTool.required("greet")));
        Path dir = FlatpakTestEnv.tempDir("tree").resolve("scripted");

        new RuntimeTree(runner, new HostPrograms(hostBin + ":" + System.getenv("PATH")), FlatpakTestEnv.LOG)
                .build(dir, recipe, "x86_64", "x");

        assertTrue(Files.isExecutable(dir.resolve("usr/bin/greet")));
        assertTrue(Files.isExecutable(dir.resolve("usr/bin/env")), "the script's interpreter /usr/bin/env is missing");
        assertFalse(Files.isSymbolicLink(dir.resolve("usr/bin/env")));
        assertTrue(Files.exists(dir.resolve("usr/lib/libc.so.6"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aMissingRequiredProgramIsNamedAndAMissingOptionalOneLeftOut() throws Exception {
        Path dir = FlatpakTestEnv.tempDir("tree").resolve("missing");
        RuntimeTree tree = new RuntimeTree(runner, HostPrograms.fromEnvironment(), FlatpakTestEnv.LOG);

        RuntimeRecipe missing = new RuntimeRecipe("org.example.Missing", List.of(HostTool.required("no-such-tool-xyz")));
        FlatpakException e = assertThrows(FlatpakException.class, () -> tree.build(dir, missing, "x86_64", "x"));
        assertTrue(e.getMessage().contains("no-such-tool-xyz"), e.getMessage());

        tree.build(dir, new RuntimeRecipe("org.example.Optional",
                List.of(HostTool.required("bash"), HostTool.optional("no-such-tool-xyz"))), "x86_64", "x");
        assertTrue(Files.isExecutable(dir.resolve("usr/bin/bash")));
        assertFalse(Files.exists(dir.resolve("usr/bin/no-such-tool-xyz")));
    }
}
