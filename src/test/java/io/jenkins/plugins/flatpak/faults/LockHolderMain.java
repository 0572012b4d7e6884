package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link LockTakeoverTest}: takes a {@link PathLock}, starts what an engine
 * process leaves running when it is killed (a long tool and, optionally, a gpg-agent serving a GnuPG home),
 * both tagged with this process as the engine tags its tools, says {@code held <owner>}, and waits to be killed.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        PathLock lock = PathLock.acquire(Path.of(args[0]));
        Map<String, String> tag = Orphans.tag(ProcessOwner.current());
        ProcessBuilder tool = new ProcessBuilder("sleep", "300").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        tool.environment().putAll(tag);
        tool.start();
        if (args.length > 1) {
            // As gpg starts its agent: the home as a separate argument; the agent detaches and outlives us.
            ProcessBuilder agent = new ProcessBuilder("gpg-agent", "--homedir", args[1], "--daemon")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            agent.environment().putAll(tag);
            agent.start().waitFor();
        }
        System.out.println("held " + ProcessOwner.current().token() + " " + (lock.takenOverFrom() == null));
        System.out.flush();
        Thread.sleep(600_000);
    }
}
