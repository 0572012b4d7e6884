package io.jenkins.plugins.flatpak.engine.lock;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file that works between threads (a fair in-process lock) and between processes
 * (an OS file lock, which the kernel drops when its owner dies, so a crashed owner never leaves it held).
 * Reentrant for the thread that holds it.
 */
public final class PathLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private PathLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
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
            return new PathLock(lock, null, null);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.lock();
            return new PathLock(lock, ch, fl);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            lock.unlock();
            throw new FlatpakException("cannot lock " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
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
