package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Launcher;
import hudson.Proc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A launcher decorator as a container plugin writes one ({@code withDockerContainer}'s prefixes {@code docker exec};
 * the Kubernetes plugin's runs the command in another container): every command it launches is prefixed, and kills
 * go to the launcher it decorates.
 */
final class PrefixLauncher extends Launcher {
    private final Launcher inner;
    private final List<String> prefix;

    PrefixLauncher(Launcher inner, List<String> prefix) {
        super(null, null);
        this.inner = inner;
        this.prefix = List.copyOf(prefix);
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(starter.cmds());
        starter.cmds(cmd);
        return inner.launch(starter);
    }

    @Override
    public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
        inner.kill(modelEnvVars);
    }
}
