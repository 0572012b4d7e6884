package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Logs are streamed, never read into the controller's memory whole: no plugin class calls the Jenkins API that
 * reads a remote file into one string ({@code FilePath.readToString}), nor reads a whole file into memory in the
 * classes that copy and serve build logs.
 */
class LogStreamingIT {
    /** The classes that move log files: from the agent to the record, and from the record to the browser. */
    private static final List<String> LOG_CLASSES = List.of(
            "io.jenkins.plugins.flatpak.jenkins.steps.FilePathWorkspace",
            "io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction",
            "io.jenkins.plugins.flatpak.jenkins.model.LogTail",
            "io.jenkins.plugins.flatpak.jenkins.model.LogDownload");

    private static final Set<String> WHOLE_READS = Set.of("hudson/FilePath.readToString",
            "java/nio/file/Files.readString", "java/nio/file/Files.readAllBytes", "java/nio/file/Files.readAllLines",
            "java/io/InputStream.readAllBytes", "hudson/FilePath.read");

    @Test
    void noClassReadsARemoteFileIntoOneString() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        for (String className : PluginArchive.classNames()) {
            for (Bytecode.MethodInfo m : Bytecode.read(PluginArchive.classBytes(className)).methods()) {
                m.calls().stream().filter(c -> c.owner().equals("hudson/FilePath") && c.name().equals("readToString"))
                        .forEach(c -> found.add(className + "." + m.name()));
            }
        }
        assertEquals(Set.of(), found);
    }

    @Test
    void logClassesReadNoFileWhole() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        for (String className : LOG_CLASSES) {
            for (Bytecode.MethodInfo m : Bytecode.read(PluginArchive.classBytes(className)).methods()) {
                m.calls().stream().filter(c -> WHOLE_READS.contains(c.owner() + "." + c.name()))
                        .forEach(c -> found.add(className + "." + m.name() + " calls " + c.owner() + "." + c.name()));
            }
        }
        assertEquals(Set.of(), found);
    }
}
