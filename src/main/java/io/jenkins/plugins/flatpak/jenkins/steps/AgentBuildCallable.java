package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.TaskListener;
import hudson.remoting.Channel;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.build.BuildNames;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.PhaseLog;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs flatpak-builder on the agent, in the workspace it is invoked on, through the engine's
 * {@link FlatpakBuilder}; returns the serializable {@link BuildResult} (the export repository stays on the agent
 * until the controller copied it). Carries only engine data, the tool environment, the build's listener and two
 * objects the controller exported: the step's Launcher ({@link ToolLauncher}), which starts every tool, and the
 * record's {@link BuildNamesListener}. Everything it printed has been flushed to the listener when it returns.
 *
 * <p>The build runs in a thread of its own while the calling thread watches: when the caller is interrupted (the
 * step was aborted and remoting cancelled the call) or the connection to the controller closes, the engine's
 * {@link Cancellation} kills flatpak-builder's whole process tree before this returns.
 */
final class AgentBuildCallable extends MasterToSlaveFileCallable<BuildResult> {
    private static final long serialVersionUID = 1L;
    /** The engine's private directory inside the workspace; never copied with the sources. */
    static final String WORK_DIR = ".flatpak-pipeline";
    /** How long an aborted build may take to stop before the call returns anyway. */
    static final long STOP_WAIT_SECONDS = 30;

    private final String buildId;
    private final BuildSpec spec;
    private final HashMap<String, String> environment;
    private final TaskListener listener;
    private final ToolLauncher tools;
    private final BuildNamesListener names;

    AgentBuildCallable(String buildId, BuildSpec spec, Map<String, String> environment, TaskListener listener,
            ToolLauncher tools, BuildNamesListener names) {
        this.buildId = Names.buildId(buildId);
        this.spec = spec;
        this.environment = new HashMap<>(environment);
        this.listener = listener;
        this.tools = tools;
        this.names = names;
    }

    /** The agent's side of the build's work dir: {@code <workspace>/.flatpak-pipeline/builds/<id>}. */
    static String buildDir(String workspace, String buildId) {
        return workspace + "/" + WORK_DIR + "/builds/" + Names.buildId(buildId);
    }

    /** Where the agent keeps the build's log (relative to the workspace) until the controller read it. */
    static String logPath(String buildId) {
        return WORK_DIR + "/logs/" + Names.buildId(buildId) + "-build.log";
    }

    @Override
    public BuildResult invoke(File f, VirtualChannel channel) throws IOException, InterruptedException {
        Path workspace = f.toPath().toAbsolutePath().normalize();
        Files.createDirectories(workspace);
        Path workRoot = workspace.resolve(WORK_DIR);
        BuildSpec confined = confine(workspace, spec);
        PrintStream console = listener.getLogger();
        Cancellation cancel = new Cancellation();
        Path logFile = workspace.resolve(logPath(buildId));
        Files.deleteIfExists(logFile);
        try (PhaseLog log = new PhaseLog(logFile, line -> {
            synchronized (console) {
                console.println(line);
            }
        })) {
            ToolRunner runner = new ToolRunner(environment, new AgentProcesses(tools));
            FutureTask<BuildResult> work = new FutureTask<>(() ->
                    new FlatpakBuilder(runner, workRoot).withStateRoot(stateRoot(workspace))
                            .build(buildId, confined, log, cancel, this::tellNames));
            Thread worker = new Thread(work, "flatpak-builder " + buildId);
            worker.setDaemon(true);
            worker.start();
            try {
                while (true) {
                    try {
                        return work.get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException stillRunning) {
                        if (channel instanceof Channel && ((Channel) channel).isClosingOrClosed()) {
                            cancel.cancel("the connection to the Jenkins controller was lost");
                        }
                    }
                }
            } catch (InterruptedException e) {
                cancel.cancel("aborted");
                awaitStop(work);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IOException(cause);
            }
        } finally {
            // The listener may buffer (Pipeline's does, flushing on a timer): what the build printed reaches the
            // console before the step goes on, not in the middle of a later stage.
            synchronized (console) {
                console.flush();
            }
        }
    }

    private void tellNames(BuildNames named) {
        try {
            names.named(named);
        } catch (IOException | RuntimeException e) {
            // the record keeps the requested values; the build itself goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * flatpak-builder's state (its cache) per agent, shared by every workspace beside this one: a rebuild in
     * another job or workspace of the same app, arch and branch hits the cache. It sits next to the workspaces
     * so it is on their filesystem, which flatpak-builder needs.
     */
    static Path stateRoot(Path workspace) {
        Path parent = workspace.getParent();
        return parent == null ? workspace.resolve(WORK_DIR).resolve("state") : parent.resolve(".flatpak-state");
    }

    private static void awaitStop(FutureTask<BuildResult> work) {
        try {
            work.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
            // the abort is what the caller reports
        }
    }

    /**
     * The spec with the manifest and state dir checked against the workspace on this machine (symlinks
     * resolved), the state dir made absolute, and the workspace as the source directory unless git is used.
     */
    static BuildSpec confine(Path workspace, BuildSpec spec) throws IOException {
        Path real = workspace.toRealPath();
        BuildSpec s = spec;
        if (spec.gitUrl() == null && spec.sourceDir() == null) {
            s = new BuildSpec(workspace.toString(), null, null, spec.manifest(), spec.appId(), spec.arch(),
                    spec.branch(), spec.stateDir(), spec.installDepsFrom(), spec.ccache(), spec.sandbox(),
                    spec.timeout());
        }
        if (s.sourceDir() != null && s.manifest() != null) {
            Path source = Path.of(s.sourceDir()).toAbsolutePath().normalize();
            Path manifest = source.resolve(s.manifest()).normalize();
            if (!manifest.startsWith(source) || (Files.exists(manifest) && !manifest.toRealPath().startsWith(
                    source.toRealPath()))) {
                throw new InvalidInputException("manifest " + Names.quote(s.manifest())
                        + " is outside the workspace; give a path inside it");
            }
        }
        if (s.stateDir() != null) {
            String problem = StepInputs.stateDirProblem(s.stateDir());
            if (problem != null) {
                throw new InvalidInputException(problem);
            }
            Path state = workspace.resolve(s.stateDir()).normalize();
            Path existing = state;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (!state.startsWith(workspace) || existing == null || !existing.toRealPath().startsWith(real)) {
                throw new InvalidInputException("state dir " + Names.quote(s.stateDir())
                        + " is outside the workspace; give a path inside it");
            }
            s = s.withStateDir(state.toString());
        }
        if (s.sourceDir() != null && !Files.isDirectory(Path.of(s.sourceDir()))) {
            throw new FlatpakException("the source directory " + s.sourceDir() + " does not exist on this agent");
        }
        return s;
    }
}
