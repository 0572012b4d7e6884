package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The workspace of the enclosing {@code node}, as the build step uses it: run a callable there, copy a directory
 * from there to the controller, clean up. In Jenkins this is a {@link FilePath} on the agent's channel
 * ({@link FilePathWorkspace}); nothing assumes a file system shared with the controller.
 */
public interface AgentWorkspace {
    /** The workspace path on the agent. */
    String path();

    /** Where the workspace is, for messages: {@code /ws/job on agent-1}. */
    String describe();

    /**
     * {@code instance} as code running on the agent ({@link #act}) can call it: the channel's export, whose calls
     * run here. On the built-in node, the instance itself.
     */
    <T> T export(Class<T> type, T instance);

    /** Runs the callable on the agent, with the workspace as its file. Interrupting the caller aborts it there. */
    <T> T act(FilePath.FileCallable<T> callable) throws IOException, InterruptedException;

    /**
     * Copies the listed files (paths relative to {@code agentDir}, on the agent) to the same relative paths under
     * {@code localDir} on the controller, and nothing else.
     */
    void fetchFiles(String agentDir, List<String> relativePaths, Path localDir) throws IOException, InterruptedException;

    /**
     * Streams the file's bytes to {@code out} (in chunks: a log can be large) and returns true, or returns false when
     * it does not exist.
     */
    boolean copyTo(String agentFile, OutputStream out) throws IOException, InterruptedException;

    /** Deletes a file or directory on the agent; nothing when it is gone. */
    void delete(String agentPath) throws IOException, InterruptedException;

    /**
     * Clones {@code gitUrl} with the credentials {@code credentialsId} (looked up in the run's context) into
     * {@code agentDir} and checks out {@code gitBranch} (the remote's default branch when null).
     */
    void cloneWithCredentials(String gitUrl, String gitBranch, String credentialsId, String agentDir, Run<?, ?> run,
            TaskListener listener, Map<String, String> environment) throws IOException, InterruptedException;
}
