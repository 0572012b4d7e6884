package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shares one {@link GpgHome} per signing key between everything that signs with it at the same time, so a
 * burst of publishes imports the key and starts gpg-agent once instead of once per publish and per summary
 * update. Homes are reference counted: when the last lease of a key is closed, its home is closed (agents
 * stopped, directory deleted) {@link #LINGER} later, unless it is leased again meanwhile. Homes still open
 * when the JVM exits are closed by a shutdown hook. The secret rules of {@link GpgHome} are unchanged: the
 * key only ever lives in the private 0700 directory, and only while a lease is open or lingering.
 */
public final class GpgHomes {
    /** How long an unused home stays open for the next publish. */
    public static final Duration LINGER = Duration.ofSeconds(2);

    private static final Object LOCK = new Object();
    private static final Map<String, Entry> HOMES = new HashMap<>();
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flatpak gpg home closer");
        t.setDaemon(true);
        return t;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GpgHomes::closeAll, "flatpak gpg homes at exit"));
    }

    private GpgHomes() {}

    private static final class Entry {
        final String id;
        final CompletableFuture<GpgHome> home = new CompletableFuture<>();
        int users;
        ScheduledFuture<?> pendingClose;
        Object closeToken;

        Entry(String id) {
            this.id = id;
        }
    }

    /** A use of a shared home; closing it gives the home back. */
    public static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final GpgHome home;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Entry entry, GpgHome home) {
            this.entry = entry;
            this.home = home;
        }

        /** The shared home; valid until this lease is closed. Never close the home itself. */
        public GpgHome home() {
            return home;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(entry);
            }
        }
    }

    /** Leases the home of {@code key}, opening it (gpg import) when no open home holds that key. */
    public static Lease lease(SigningKey key, ToolRunner runner) {
        return lease(List.of(key), runner);
    }

    /** Leases the home of keys that all sign (the first is the main signer), opening it when none holds them. */
    public static Lease lease(List<SigningKey> keys, ToolRunner runner) {
        SigningKey key = keys.get(0);
        String id = String.join(",", keys.stream().map(k -> k.fingerprint() + "/" + k.keyId()).toList());
        Entry entry;
        boolean opener = false;
        synchronized (LOCK) {
            entry = HOMES.get(id);
            if (entry == null) {
                entry = new Entry(id);
                HOMES.put(id, entry);
                opener = true;
            }
            entry.users++;
            if (entry.pendingClose != null) {
                entry.pendingClose.cancel(false);
                entry.pendingClose = null;
                entry.closeToken = null;
            }
        }
        if (opener) {
            try {
                entry.home.complete(GpgHome.open(keys, runner));
            } catch (RuntimeException | Error e) {
                synchronized (LOCK) {
                    HOMES.remove(id, entry);
                }
                entry.home.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return new Lease(entry, entry.home.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(entry);
            throw new FlatpakException("interrupted while waiting for the GnuPG home of key " + key.keyId());
        } catch (ExecutionException e) {
            synchronized (LOCK) {
                entry.users--;
            }
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new FlatpakException("cannot open a GnuPG home for key " + key.keyId() + ": " + cause, cause);
        }
    }

    /** Homes open now (in use or lingering). */
    public static int openHomes() {
        synchronized (LOCK) {
            return HOMES.size();
        }
    }

    /** Closes every home that no lease uses now, without waiting for {@link #LINGER}. */
    public static void closeIdle() {
        List<Entry> idle = new ArrayList<>();
        synchronized (LOCK) {
            HOMES.values().removeIf(e -> {
                if (e.users == 0) {
                    if (e.pendingClose != null) {
                        e.pendingClose.cancel(false);
                    }
                    idle.add(e);
                    return true;
                }
                return false;
            });
        }
        idle.forEach(GpgHomes::closeHome);
    }

    private static void release(Entry entry) {
        synchronized (LOCK) {
            entry.users--;
            if (entry.users > 0 || HOMES.get(entry.id) != entry) {
                return;
            }
            Object token = new Object();
            entry.closeToken = token;
            entry.pendingClose = CLOSER.schedule(() -> closeIfStillIdle(entry, token), LINGER.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static void closeIfStillIdle(Entry entry, Object token) {
        synchronized (LOCK) {
            if (entry.users > 0 || entry.closeToken != token || HOMES.get(entry.id) != entry) {
                return;
            }
            HOMES.remove(entry.id);
        }
        closeHome(entry);
    }

    private static void closeHome(Entry entry) {
        GpgHome home = entry.home.getNow(null);
        if (home != null) {
            try {
                home.close();
            } catch (RuntimeException ignored) {
                // best effort: nothing else can be done about a home that cannot be deleted
            }
        }
    }

    private static void closeAll() {
        List<Entry> all;
        synchronized (LOCK) {
            all = new ArrayList<>(HOMES.values());
            HOMES.clear();
        }
        all.forEach(GpgHomes::closeHome);
    }
}
