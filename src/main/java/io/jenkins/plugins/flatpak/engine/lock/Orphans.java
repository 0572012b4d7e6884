package io.jenkins.plugins.flatpak.engine.lock;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools a process left running when it died. Every tool the engine starts carries the environment
 * variable {@link #ENV} naming its owner ({@link ProcessOwner#token()}), and so does everything those tools
 * start (gpg-agent, build commands). When the owner is killed ({@code kill -9}, OOM, a crash) its file locks
 * are released by the kernel at once, but its children keep running: an orphaned {@code flatpak
 * build-commit-from} or {@code build-update-repo} would then write into a repository together with the next
 * writer, which is exactly what the locks exist to prevent, and an orphaned gpg-agent would keep a private
 * GnuPG home holding the unprotected signing key. {@link #reap} stops them (SIGTERM, then SIGKILL) and deletes
 * the GnuPG homes they used; {@link PathLock} calls it before it hands a lock that a dead owner held to the next
 * one, and {@link #reapDeadOwners} (called by {@code Engine.recoverInterrupted}) for every dead owner.
 */
public final class Orphans {
    /** The environment variable that names the owner of every tool the engine runs. */
    public static final String ENV = "FLATPAK_PIPELINE_OWNER";
    static final long TERM_GRACE_MILLIS = 2000;
    static final long KILL_WAIT_MILLIS = 5000;
    /** GnuPG homes that are ours: see engine/gpg/GpgHome. Anything else is never deleted. */
    private static final String GPG_HOME_PREFIX = "flatpak-gpg-";
    private static final Pattern OWNED_GPG_HOME = Pattern.compile(
            Pattern.quote(GPG_HOME_PREFIX) + "([0-9a-z]{1,13}-[0-9a-z]{1,13})-.*");
    private static final Path PROC = Path.of("/proc");

    private Orphans() {}

    /** The variables that tag a tool with its owner; for {@code ToolRunner.withEnvironment}. */
    public static Map<String, String> tag(ProcessOwner owner) {
        return Map.of(ENV, owner.token());
    }

    /** Live processes tagged with {@code owner} (an owner without start time matches any start time). */
    public static List<ProcessHandle> of(ProcessOwner owner) {
        List<ProcessHandle> found = new ArrayList<>();
        tagged().forEach((pid, token) -> {
            if (owner.sameProcess(ProcessOwner.parse(token))) {
                ProcessHandle.of(pid).ifPresent(found::add);
            }
        });
        return found;
    }

    /** Owners on this host that are gone but whose tools still run. */
    public static Set<ProcessOwner> deadOwners() {
        Set<ProcessOwner> dead = new LinkedHashSet<>();
        Map<String, Boolean> checked = new LinkedHashMap<>();
        tagged().values().forEach(token -> {
            if (checked.computeIfAbsent(token, t -> {
                ProcessOwner o = ProcessOwner.parse(t);
                return o != null && o.isGone();
            })) {
                dead.add(ProcessOwner.parse(token));
            }
        });
        return dead;
    }

    /**
     * Reaps the leftovers of every dead owner on this host: their tools ({@link #reap}) and the private GnuPG
     * homes whose name says they belong to a dead owner ({@link #gpgHomePrefix}), in {@code java.io.tmpdir} and
     * {@code /tmp}. Returns what was stopped or removed.
     */
    public static List<String> reapDeadOwners() {
        List<String> done = new ArrayList<>();
        for (ProcessOwner owner : deadOwners()) {
            done.addAll(reap(owner));
        }
        Set<Path> bases = new LinkedHashSet<>();
        bases.add(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
        bases.add(Path.of("/tmp"));
        for (Path base : bases) {
            done.addAll(removeGpgHomesOfDeadOwners(base));
        }
        return done;
    }

    /**
     * How a private GnuPG home of this process should be named ({@code flatpak-gpg-<pid>-<startMillis>-}, then
     * anything): a crash can leave such a home behind with the unprotected signing key inside and no process that
     * names it (e.g. killed after stopping its agent, before deleting the directory); with its owner in its name,
     * {@link #reapDeadOwners} removes it.
     */
    public static String gpgHomePrefix() {
        return GPG_HOME_PREFIX + ProcessOwner.current().fileTag() + "-";
    }

    /**
     * Removes the GnuPG homes in {@code base} named by {@link #gpgHomePrefix} of an owner that is gone; for a
     * temporary directory other than the two {@link #reapDeadOwners} looks in (another process's
     * {@code java.io.tmpdir}).
     */
    public static List<String> removeGpgHomesOfDeadOwners(Path base) {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return done;
        }
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(base, GPG_HOME_PREFIX + "*")) {
            for (Path home : homes) {
                Matcher m = OWNED_GPG_HOME.matcher(home.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                ProcessOwner owner = ProcessOwner.fromFileTag(m.group(1));
                if (owner != null && owner.isGone() && isOurPrivateDir(home) && deleteTree(home)) {
                    done.add("removed the GnuPG home " + home + " left by " + owner.pidAtHost());
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable temp dir holds nothing we can remove
        }
        return done;
    }

    /**
     * Stops every process left by {@code owner}, which must be gone, with their descendants, waits until they
     * are gone, and deletes the private GnuPG homes their agents served. Does nothing for a live owner.
     * Returns a description of each process stopped and each home removed.
     */
    public static List<String> reap(ProcessOwner owner) {
        List<String> done = new ArrayList<>();
        if (owner == null || !owner.isGone()) {
            return done;
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle p : of(owner)) {
            all.add(p);
            p.descendants().forEach(all::add);
        }
        if (all.isEmpty()) {
            return done;
        }
        Set<Path> gpgHomes = new LinkedHashSet<>();
        for (ProcessHandle p : all) {
            String command = p.info().command().orElse("?");
            done.add("stopped " + command.substring(command.lastIndexOf('/') + 1) + " (pid " + p.pid()
                    + ") left by " + owner.pidAtHost());
            gpgHomeOf(p).ifPresent(gpgHomes::add);
        }
        all.forEach(ProcessHandle::destroy);
        List<ProcessHandle> left = Processes.waitForExit(all, TERM_GRACE_MILLIS);
        left.forEach(ProcessHandle::destroyForcibly);
        left = Processes.waitForExit(left, KILL_WAIT_MILLIS);
        for (ProcessHandle p : left) {
            done.add("could not stop pid " + p.pid());
        }
        for (Path home : gpgHomes) {
            if (isOurPrivateDir(home) && deleteTree(home)) {
                done.add("removed the GnuPG home " + home + " left by " + owner.pidAtHost());
            }
        }
        return done;
    }

    /** pid to owner token of every process carrying {@link #ENV}; empty where /proc cannot be read. */
    static Map<Long, String> tagged() {
        Map<Long, String> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                String token = tagOf(dir.resolve("environ"));
                if (token != null) {
                    out.put(Long.parseLong(dir.getFileName().toString()), token);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): nothing can be found, and nothing is reaped
        }
        return out;
    }

    private static String tagOf(Path environ) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile, or another user's process
        }
        byte[] key = (ENV + "=").getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i - start > key.length && startsWith(bytes, start, key)) {
                    return new String(bytes, start + key.length, i - start - key.length, StandardCharsets.UTF_8);
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[offset + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The GnuPG home a process uses, when it is one of ours: {@code --homedir DIR} or {@code --homedir=DIR} (gpg,
     * gpg-agent, gpgconf) or {@code --gpg-homedir=DIR} (flatpak, ostree, flatpak-builder) on its command line, an
     * absolute directory named {@code flatpak-gpg-*} that is not a symbolic link.
     */
    static Optional<Path> gpgHomeOf(ProcessHandle p) {
        String[] args = p.info().arguments().orElse(new String[0]);
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--homedir") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--homedir=")) {
                value = args[i].substring("--homedir=".length());
            } else if (args[i].startsWith("--gpg-homedir=")) {
                value = args[i].substring("--gpg-homedir=".length());
            }
            if (value != null) {
                Path home = Path.of(value);
                if (home.isAbsolute() && home.normalize().equals(home)
                        && home.getFileName().toString().startsWith(GPG_HOME_PREFIX)
                        && Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A directory (not a link) of this user with mode 0700, as GpgHome creates them: in a shared /tmp, nobody else
     * can have made it or swap what is inside while it is deleted.
     */
    private static boolean isOurPrivateDir(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() && a.owner().getName().equals(System.getProperty("user.name"))
                    && a.permissions().equals(PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean deleteTree(Path dir) {
        try {
            Trees.delete(dir);
            return true;
        } catch (FlatpakException e) {
            return false;
        }
    }
}
