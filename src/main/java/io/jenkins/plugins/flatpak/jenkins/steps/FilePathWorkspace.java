package io.jenkins.plugins.flatpak.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.gitclient.Git;
import org.jenkinsci.plugins.gitclient.GitClient;

/** The {@link AgentWorkspace} of a real node: a {@link FilePath} on the agent's channel. */
final class FilePathWorkspace implements AgentWorkspace {
    private static final int CLONE_TIMEOUT_MINUTES = 15;
    /** git-client's name for its command-line implementation: the {@code git} found on the agent's PATH. */
    static final String GIT_EXECUTABLE = "git";

    private final FilePath workspace;

    FilePathWorkspace(FilePath workspace) {
        this.workspace = workspace;
    }

    @Override
    public String path() {
        return workspace.getRemote();
    }

    @Override
    public String describe() {
        Computer c = workspace.toComputer();
        String node = c == null ? null : c.getName();
        return workspace.getRemote() + (node == null || node.isEmpty() ? " on the built-in node" : " on " + node);
    }

    @Override
    public <T> T export(Class<T> type, T instance) {
        return workspace.getChannel().export(type, instance);
    }

    /**
     * Runs the callable; once it returned, whatever the agent wrote to the build's console before returning has
     * been written here too (remoting delivers console output on its own pipe).
     */
    @Override
    public <T> T act(FilePath.FileCallable<T> callable) throws IOException, InterruptedException {
        try {
            return workspace.act(callable);
        } finally {
            try {
                workspace.getChannel().syncLocalIO();
            } catch (RuntimeException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // the channel is gone; there is nothing more to wait for
            }
        }
    }

    /** One tar stream through the channel, of exactly the listed files (an Ant include list). */
    @Override
    public void fetchFiles(String agentDir, List<String> relativePaths, Path localDir)
            throws IOException, InterruptedException {
        if (relativePaths.isEmpty()) {
            return;
        }
        FilePath source = new FilePath(workspace.getChannel(), agentDir);
        FilePath target = new FilePath(localDir.toFile());
        target.mkdirs();
        source.copyRecursiveTo(String.join(",", relativePaths), target);
    }

    /** Through the channel as a stream ({@link FilePath#copyTo(OutputStream)}), never as one string. */
    @Override
    public boolean copyTo(String agentFile, OutputStream out) throws IOException, InterruptedException {
        FilePath f = new FilePath(workspace.getChannel(), agentFile);
        if (!f.exists()) {
            return false;
        }
        f.copyTo(out);
        return true;
    }

    @Override
    public void delete(String agentPath) throws IOException, InterruptedException {
        FilePath f = new FilePath(workspace.getChannel(), agentPath);
        if (f.exists()) {
            f.deleteRecursive();
        }
    }

    /**
     * Through git-client, whose client for a remote {@link FilePath} runs git on the agent: the credentials are
     * looked up in the run's context, tracked, and handed to git-client (which passes them to git on the agent).
     */
    @Override
    public void cloneWithCredentials(String gitUrl, String gitBranch, String credentialsId, String agentDir,
            Run<?, ?> run, TaskListener listener, Map<String, String> environment)
            throws IOException, InterruptedException {
        StandardCredentials credentials = CredentialsProvider.findCredentialById(credentialsId,
                StandardCredentials.class, run);
        if (credentials == null) {
            throw new InvalidInputException("no credentials with id " + Names.quote(credentialsId)
                    + " are available to " + run.getFullDisplayName() + " for cloning " + Names.quote(gitUrl));
        }
        CredentialsProvider.track(run, credentials);
        FilePath dir = new FilePath(workspace.getChannel(), agentDir);
        if (dir.exists()) {
            dir.deleteRecursive();
        }
        dir.mkdirs();
        // Command-line git on the agent, not JGit in the agent's JVM: the agent's git configuration, credential
        // helpers, proxy settings and LFS apply, as for a checkout.
        GitClient git = Git.with(listener, new EnvVars(environment)).in(dir).using(GIT_EXECUTABLE).getClient();
        git.addDefaultCredentials(credentials);
        git.clone_().url(gitUrl).repositoryName("origin").shallow(true).depth(1)
                .timeout(CLONE_TIMEOUT_MINUTES).execute();
        String branch = gitBranch != null ? gitBranch : defaultBranch(git, gitUrl);
        git.checkout().ref("origin/" + branch).timeout(CLONE_TIMEOUT_MINUTES).execute();
    }

    /** The branch the remote's HEAD points to ({@code main}, {@code master}, ...). */
    private static String defaultBranch(GitClient git, String gitUrl) throws InterruptedException {
        Map<String, String> symbolic = git.getRemoteSymbolicReferences(gitUrl, "HEAD");
        String head = symbolic == null ? null : symbolic.get("HEAD");
        if (head == null || !head.startsWith("refs/heads/")) {
            throw new InvalidInputException("cannot tell the default branch of " + Names.quote(gitUrl)
                    + "; give gitBranch");
        }
        return head.substring("refs/heads/".length());
    }
}
