package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.lock.Processes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds and stops GnuPG daemons (gpg-agent and the helpers it starts) that serve one home directory,
 * recognised by that directory on their command line. The fallback for when {@code gpgconf --kill}
 * did not work: no agent may outlive its home.
 */
final class GnupgDaemons {
    private static final Set<String> DAEMONS = Set.of("gpg-agent", "scdaemon", "dirmngr", "keyboxd");
    private static final long GRACE_MILLIS = 3000;

    private GnupgDaemons() {}

    /** The live daemons started for {@code homedir}. */
    static List<ProcessHandle> of(Path homedir) {
        String dir = homedir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(p -> servesHome(p, dir)).collect(Collectors.toList());
    }

    /** Waits for the daemons of {@code homedir} to exit, terminating them when they do not. */
    static void stop(Path homedir) {
        List<ProcessHandle> left = Processes.waitForExit(of(homedir), GRACE_MILLIS);
        left.forEach(ProcessHandle::destroy);
        left = Processes.waitForExit(left, GRACE_MILLIS);
        left.forEach(ProcessHandle::destroyForcibly);
        Processes.waitForExit(left, GRACE_MILLIS);
    }

    private static boolean servesHome(ProcessHandle p, String dir) {
        ProcessHandle.Info info = p.info();
        String command = info.command().orElse("");
        String name = command.substring(command.lastIndexOf('/') + 1);
        if (!DAEMONS.contains(name)) {
            return false;
        }
        String[] args = info.arguments().orElse(new String[0]);
        for (String a : args) {
            if (a.equals(dir) || a.endsWith("=" + dir)) {
                return true;
            }
        }
        return false;
    }
}
