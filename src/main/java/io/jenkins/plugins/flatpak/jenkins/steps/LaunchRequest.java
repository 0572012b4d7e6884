package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process for the step's {@code Launcher} to start, as the agent asks the controller for it: the argument list,
 * the environment on top of the inherited one, the working directory (or null), standard input (or null) and
 * whether standard error joins standard output.
 */
record LaunchRequest(ArrayList<String> args, LinkedHashMap<String, String> env, String directory, byte[] stdin,
        boolean mergeStderr) implements Serializable {

    static LaunchRequest of(Command command, Map<String, String> environment, boolean mergeStderr) {
        return new LaunchRequest(new ArrayList<>(command.args()), new LinkedHashMap<>(environment),
                command.directory() == null ? null : command.directory().toString(), command.stdinBytes(),
                mergeStderr);
    }

    /**
     * The arguments as a Launcher must be given them: Jenkins expands {@code $VAR} in each argument of a launched
     * command and reads {@code $$} as a literal {@code $} (container launchers too), so every {@code $} is doubled
     * and an argument reaches the tool exactly as the engine built it.
     */
    List<String> launcherArgs() {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(a.replace("$", "$$"));
        }
        return out;
    }

    String program() {
        return args.get(0);
    }
}
