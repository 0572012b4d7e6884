package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The controller's side of the agent's processes: each is started through the step context's {@link Launcher}, so
 * launcher decorators (a container the user chose, tool installations) and the run's environment apply exactly as
 * they do for {@code sh}. The build itself runs on the agent ({@link AgentBuildCallable}) and asks for each process
 * through this object, which the controller exports to it.
 */
final class LauncherTools implements ToolLauncher {
    private final Launcher launcher;
    private final AgentWorkspace workspace;

    LauncherTools(Launcher launcher, AgentWorkspace workspace) {
        this.launcher = launcher;
        this.workspace = workspace;
    }

    /** This object as the agent reaches it. */
    ToolLauncher exported() {
        return workspace.export(ToolLauncher.class, this);
    }

    @Override
    public LaunchedTool start(LaunchRequest request) throws IOException {
        LaunchedProc.Output output = new LaunchedProc.Output();
        Launcher.ProcStarter starter = launcher.launch()
                .cmds(request.launcherArgs())
                .envs(request.env())
                .quiet(true)
                .stdout(output.stdout());
        if (!request.mergeStderr()) {
            starter.stderr(output.stderr());
        }
        if (request.stdin() != null) {
            starter.stdin(new ByteArrayInputStream(request.stdin()));
        }
        if (request.directory() != null) {
            starter.pwd(new FilePath(launcher.getChannel(), request.directory()));
        }
        Proc proc = starter.start();
        String cookie = request.env().get(AgentProcesses.COOKIE);
        return workspace.export(LaunchedTool.class, new LaunchedProc(proc, output, launcher, cookie,
                request.program()));
    }
}
