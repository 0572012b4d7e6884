package io.jenkins.plugins.flatpak.engine.exec;

/** A process a {@link ProcessStarter} started. */
public interface StartedProcess {
    /**
     * Waits up to {@code millis} for the process to end and for all its output to be written; true when both
     * happened.
     */
    boolean waitFor(long millis) throws InterruptedException;

    /**
     * The exit code once {@link #waitFor} returned true; 128 + n when a signal n ended it.
     *
     * @throws io.jenkins.plugins.flatpak.engine.FlatpakException when the process's end could not be learnt (the
     *         connection to where it ran was lost)
     */
    int exitCode();

    /**
     * Stops the process and every process it started: SIGTERM first, SIGKILL to what is left after
     * {@link ToolRunner#KILL_GRACE}. Returns once they are gone, or once nothing more can be done. Never throws.
     */
    void kill();
}
