package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.PhaseLog;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code flatpakBuild}: record the build on the controller, run flatpak-builder on the agent
 * ({@link AgentBuildCallable}), copy the agent's export repository to the controller through the channel and
 * import it into the build-repo with every object verified.
 */
final class FlatpakBuildExecution extends FlatpakStepExecution {
    private static final long serialVersionUID = 1L;

    /** Not serializable, and not needed after a restart: a build cannot resume. */
    private final transient FlatpakBuildStep step;

    FlatpakBuildExecution(FlatpakBuildStep step, StepContext context, StepServices services) {
        super(context, services);
        this.step = step;
    }

    @Override
    protected Object work(TaskListener listener, Run<?, ?> run) throws Exception {
        step.validate();
        ConsoleSink console = new ConsoleSink(listener);
        AgentWorkspace workspace = services().workspace(getContext());
        Launcher launcher = getContext().get(Launcher.class);
        if (launcher == null) {
            throw new AbortException("flatpakBuild needs a node to start its tools on: call it inside node { ... }"
                    + " (or a stage with an agent)");
        }
        EnvVars env = getContext().get(EnvVars.class);
        Map<String, String> environment = env == null ? new HashMap<>() : new HashMap<>(env);
        FlatpakHome home = services().home();
        Engine engine = home.engine();
        boolean cloneOnController = step.getGitUrl() != null && step.getCredentialsId() != null;

        BuildSpec spec = spec(step, workspace.path());
        phase("recording the build");
        BuildRecord created = engine.createBuild(cloneOnController
                ? new BuildSpec(null, step.getGitUrl(), step.getGitBranch(), spec.manifest(), spec.appId(), spec.arch(),
                        spec.branch(), spec.stateDir(), spec.installDepsFrom(), spec.ccache(), spec.sandbox(),
                        spec.timeout())
                : spec, BuildOwnership.jobOf(run), BuildOwnership.numberOf(run));
        String id = created.getId();
        addBuildId(id);
        home.index().link(run.getExternalizableId(), created);
        show(run, created);

        Path incoming = null;
        String where = workspace.describe();
        try (PhaseLog log = engine.openLog(id, "build", console)) {
            log.progress("build " + id + (step.getGitUrl() != null ? " of " + step.getGitUrl() : "")
                    + " in " + workspace.describe());
            show(run, engine.beginBuild(id));
            if (cloneOnController) {
                phase("cloning " + step.getGitUrl());
                String checkout = workspace.path() + "/" + AgentBuildCallable.WORK_DIR + "/checkout/" + id;
                log.progress("cloning " + step.getGitUrl() + " with credentials " + step.getCredentialsId());
                workspace.cloneWithCredentials(step.getGitUrl(), step.getGitBranch(), step.getCredentialsId(),
                        checkout, run, listener, environment);
                spec = new BuildSpec(checkout, null, null, spec.manifest(), spec.appId(), spec.arch(), spec.branch(),
                        spec.stateDir(), spec.installDepsFrom(), spec.ccache(), spec.sandbox(), spec.timeout());
            }
            phase("running flatpak-builder");
            BuildResult result;
            ToolLauncher tools = new LauncherTools(launcher, workspace).exported();
            BuildNamesListener names = workspace.export(BuildNamesListener.class, named -> show(run,
                    engine.named(id, named)));
            try {
                result = workspace.act(new AgentBuildCallable(id, spec, environment, listener, tools, names));
            } catch (IOException e) {
                throw AgentConnection.lost(e, "while flatpak-builder ran in " + where, log);
            } finally {
                copyAgentLog(workspace, id, home);
            }

            // Only the objects the build-repo lacks cross the channel: an unchanged rebuild moves almost nothing.
            phase("copying the new objects to the controller");
            ObjectInventory inventory = workspace.act(new AgentInventoryCallable(result.exportRepo(), result.refs()));
            List<String> missing = engine.buildRepository().missing(inventory);
            log.progress("copying " + missing.size() + " of " + inventory.objects().size() + " objects ("
                    + inventory.bytes(missing) + " of " + inventory.bytes() + " bytes) from the agent");
            Path staging = engine.buildRepository().createStaging(id, log, cancellation());
            incoming = staging;
            List<String> paths = new ArrayList<>();
            for (String name : missing) {
                paths.add(ObjectNames.relativePath(name));
            }
            try {
                workspace.fetchFiles(result.exportRepo(), paths, staging);
            } catch (IOException e) {
                throw AgentConnection.lost(e, "while the build's objects were copied from " + where, log);
            }

            phase("importing into the build-repo");
            BuildRecord built = engine.importPartial(id, staging, inventory, result, log, cancellation());
            show(run, built);
            log.progress("build " + id + " built: " + String.join(", ", built.getRefs().keySet()));
            return id;
        } catch (Exception | Error e) {
            endIfActive(run, id, e);
            throw e;
        } finally {
            if (incoming != null) {
                Trees.delete(incoming);
            }
            deleteAgentFiles(workspace, id);
        }
    }

    /**
     * What a build leaves in the agent's workspace while it runs: its build dir (sources, flatpak-builder's build
     * dir, export repository), the credentialed checkout and the agent's log. Deleted whatever the outcome; never
     * throws.
     */
    static void deleteAgentFiles(AgentWorkspace workspace, String id) {
        deleteQuietly(workspace, AgentBuildCallable.buildDir(workspace.path(), id));
        deleteQuietly(workspace, workspace.path() + "/" + AgentBuildCallable.WORK_DIR + "/checkout/" + id);
        deleteQuietly(workspace, workspace.path() + "/" + AgentBuildCallable.logPath(id));
    }

    /**
     * The engine's build spec of the step: the workspace as the source directory; or the git repository, which the
     * agent clones; or, with credentials, no source yet (the checkout made before the build becomes it).
     */
    static BuildSpec spec(FlatpakBuildStep step, String workspacePath) {
        boolean git = step.getGitUrl() != null;
        boolean agentClones = git && step.getCredentialsId() == null;
        return new BuildSpec(git ? null : workspacePath, agentClones ? step.getGitUrl() : null,
                agentClones ? step.getGitBranch() : null, step.getManifest(), step.getAppId(), step.getArch(),
                step.getBranch(), step.getStateDir(), step.getInstallDepsFrom(), step.isCcache(), step.isSandbox(),
                Duration.ofMinutes(step.getTimeout()));
    }

    /** The agent wrote flatpak-builder's output to a log of its own; it joins the build log on the controller. */
    private static void copyAgentLog(AgentWorkspace workspace, String id, FlatpakHome home) {
        try {
            String agentLog = workspace.path() + "/" + AgentBuildCallable.logPath(id);
            Path buildLog = home.records().logFile(id, "build");
            Files.createDirectories(buildLog.getParent());
            boolean copied;
            try (java.io.OutputStream out = Files.newOutputStream(buildLog, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND)) {
                copied = workspace.copyTo(agentLog, out); // streamed: a log is never one string in memory
            }
            if (copied) {
                workspace.delete(agentLog);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the console has the output; only the copy on the build page is missing
        }
    }

    private static void deleteQuietly(AgentWorkspace workspace, String path) {
        try {
            workspace.delete(path);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The controller restarted while the build ran: the agent's flatpak-builder was stopped when its connection
     * closed, and a build caught mid-way cannot continue. Mark it failed and say what to do.
     */
    @Override
    protected Object resume(TaskListener listener, Run<?, ?> run) throws Exception {
        String id = currentBuild(run);
        if (id == null) {
            throw new AbortException("flatpakBuild was interrupted by a restart of Jenkins before it recorded a build;"
                    + " run the stage again");
        }
        Optional<BuildRecord> record = find(id);
        if (record.isPresent() && record.get().getStatus() == BuildStatus.BUILT) {
            show(run, record.get());
            listener.getLogger().println("[flatpak] build " + id + " had finished before Jenkins restarted");
            return id;
        }
        cleanUpAfterRestart(id);
        if (record.isPresent() && !record.get().getStatus().isTerminal()) {
            show(run, services().home().engine().fail(id, "interrupted by a restart of Jenkins while it was "
                    + record.get().getStatus().id() + "; start a new build (run the stage again)"));
        } else {
            record.ifPresent(r -> {
                try {
                    show(run, r);
                } catch (IOException ignored) {
                    // the failure below is what matters
                }
            });
        }
        throw new AbortException("flatpakBuild " + id + " was interrupted by a restart of Jenkins and cannot resume;"
                + " run the stage (or the Pipeline) again to build anew");
    }

    /** The files the build left on the agent, when the agent is back; otherwise they go with its next build there. */
    private void cleanUpAfterRestart(String id) {
        try {
            deleteAgentFiles(services().workspace(getContext()), id);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String currentBuild(Run<?, ?> run) {
        java.util.List<String> ids = buildIds();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }
}
