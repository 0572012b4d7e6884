package io.jenkins.plugins.flatpak.engine.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process on a host, recognisable after it died: its pid, host name and start time. The start time tells
 * a dead owner from an unrelated process that got the same pid later (pids are reused, and pid_max is often
 * only 32768). Written as {@code pid@host} or {@code pid@host@startMillis}.
 *
 * @param startMillis when the process started (epoch milliseconds), or null when not known
 */
public record ProcessOwner(long pid, String host, Long startMillis) {
    /** Two readings of one process's start time can differ by rounding (clock ticks, boot time). */
    private static final long START_TOLERANCE_MILLIS = 2000;
    private static final ProcessOwner CURRENT = new ProcessOwner(ProcessHandle.current().pid(), localHost(),
            ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(null));

    public static ProcessOwner current() {
        return CURRENT;
    }

    /** {@code pid@host} or {@code pid@host@startMillis}; null when {@code token} is neither. */
    public static ProcessOwner parse(String token) {
        if (token == null) {
            return null;
        }
        String t = token.trim();
        int at = t.indexOf('@');
        if (at <= 0) {
            return null;
        }
        try {
            long pid = Long.parseLong(t.substring(0, at));
            String rest = t.substring(at + 1);
            int second = rest.lastIndexOf('@');
            if (second > 0 && rest.substring(second + 1).matches("[0-9]{1,19}")) {
                return new ProcessOwner(pid, rest.substring(0, second), Long.parseLong(rest.substring(second + 1)));
            }
            return rest.isEmpty() || pid <= 0 ? null : new ProcessOwner(pid, rest, null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code pid@host}: what build records call their owner. */
    public String pidAtHost() {
        return pid + "@" + host;
    }

    /** {@code pid@host@startMillis} (or {@code pid@host} when the start is unknown). */
    public String token() {
        return startMillis == null ? pidAtHost() : pidAtHost() + "@" + startMillis;
    }

    /**
     * {@code <pid>-<startMillis>}, both in base 36 (short: GnuPG homes are named so, and gpg-agent's socket paths
     * in them must stay under 108 bytes): this owner in a file name, e.g. of a temporary directory it alone uses,
     * so that a directory left by a dead owner can be recognised ({@link #fromFileTag}). The host is implied: such
     * files are local.
     */
    public String fileTag() {
        return Long.toString(pid, 36) + "-" + Long.toString(startMillis == null ? 0 : startMillis, 36);
    }

    /** The local owner a {@link #fileTag()} names, or null when {@code tag} is not one. */
    public static ProcessOwner fromFileTag(String tag) {
        if (tag == null || !tag.matches("[0-9a-z]{1,13}-[0-9a-z]{1,13}")) {
            return null;
        }
        String[] f = tag.split("-");
        try {
            long start = Long.parseLong(f[1], 36);
            return new ProcessOwner(Long.parseLong(f[0], 36), CURRENT.host, start == 0 ? null : start);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean isLocal() {
        return host.equals(CURRENT.host);
    }

    /** Whether {@code other} names the same process, comparing start times only when both know them. */
    public boolean sameProcess(ProcessOwner other) {
        if (other == null || other.pid != pid || !other.host.equals(host)) {
            return false;
        }
        return startMillis == null || other.startMillis == null
                || Math.abs(startMillis - other.startMillis) <= START_TOLERANCE_MILLIS;
    }

    /**
     * Whether this owner is certainly gone: it ran on this host and no live process has its pid (and start
     * time, when known). A zombie counts as gone. An owner on another host is never known to be gone.
     */
    public boolean isGone() {
        if (!isLocal()) {
            return false;
        }
        if (pid == CURRENT.pid) {
            return !sameProcess(CURRENT);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid)) {
            return true;
        }
        if (startMillis == null) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return start.isPresent() && Math.abs(start.get().toEpochMilli() - startMillis) > START_TOLERANCE_MILLIS;
    }

    /** A process that exited but was not reaped by its parent yet ({@code Z} or {@code X} in /proc). */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return token();
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
