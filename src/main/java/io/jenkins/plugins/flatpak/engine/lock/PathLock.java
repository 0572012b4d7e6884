package io.jenkins.plugins.flatpak.engine.lock;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file that works between threads (a fair in-process lock) and between processes
 * (an OS file lock, which the kernel drops when its owner dies, so a crashed owner never leaves it held).
 * Reentrant for the thread that holds it.
 *
 * <p>While held, the file names its holder ({@link ProcessOwner#token()}); a clean release empties it. So
 * a holder that finds a name there on acquiring knows that its predecessor died holding the lock, and before
 * returning it stops what that predecessor left running ({@link Orphans#reap}): the kernel released the lock
 * when the owner died, but the tools it had started may still be writing.
 */
public final class PathLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final int MAX_HOLDER_BYTES = 512;

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final ProcessOwner takenOverFrom;
    private final List<String> reaped;

    private PathLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock, ProcessOwner takenOverFrom,
            List<String> reaped) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
        this.takenOverFrom = takenOverFrom;
        this.reaped = reaped;
    }

    /** Blocks until the lock is held; interrupting the waiting thread fails with a clear error. */
    public static PathLock acquire(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true));
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlatpakException("interrupted while waiting for lock " + key);
        }
        if (lock.getHoldCount() > 1) {
            return new PathLock(lock, null, null, null, List.of());
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl = ch.lock();
            ProcessOwner previous = ProcessOwner.parse(readHolder(ch));
            ProcessOwner self = ProcessOwner.current();
            ProcessOwner dead = previous != null && !previous.sameProcess(self) && previous.isGone() ? previous : null;
            List<String> reaped = dead == null ? List.of() : Orphans.reap(dead);
            writeHolder(ch, self.token());
            return new PathLock(lock, ch, fl, dead, reaped);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            lock.unlock();
            throw new FlatpakException("cannot lock " + key + ": " + e.getMessage(), e);
        }
    }

    /** The owner that died holding this lock before it was acquired, or null after a clean release. */
    public ProcessOwner takenOverFrom() {
        return takenOverFrom;
    }

    /** What {@link Orphans#reap} stopped or removed when this lock was taken over from a dead owner. */
    public List<String> reaped() {
        return reaped;
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.truncate(0);
            }
        } catch (IOException ignored) {
            // a name left behind only makes the next holder check whether this process is gone
        }
        try {
            if (fileLock != null) {
                fileLock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it as well
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }

    private static String readHolder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_HOLDER_BYTES);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read up to the limit
        }
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString().trim();
    }

    private static void writeHolder(FileChannel ch, String token) throws IOException {
        ch.truncate(0);
        ByteBuffer buf = ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf, buf.position());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
