package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import java.io.EOFException;
import java.nio.channels.ClosedChannelException;

/**
 * Failures of the connection between the controller and an agent, told in plain words. Remoting reports a closed
 * channel (Jenkins restarting, an agent disconnecting) with its own text, such as
 * {@code hudson.remoting.Channel$OrderlyShutdown: Command Close created at}; a build record and the step's error say
 * what happened, where, and what to do, and the build's log keeps the raw text.
 */
final class AgentConnection {
    private AgentConnection() {}

    /**
     * The failure to report for {@code e}, thrown by a call to the agent {@code during} some work (e.g. "while
     * flatpak-builder ran in /ws on agent-1"): a {@link FlatpakException} in plain words when the connection was
     * lost, with the raw text written to {@code log}; {@code e} itself otherwise.
     */
    static Exception lost(Exception e, String during, OutputSink log) {
        if (!isConnectionLoss(e)) {
            return e;
        }
        log.line("[flatpak] the connection to the agent failed: " + raw(e));
        return new FlatpakException("the connection to the agent was lost " + during
                + " (Jenkins restarted or the agent disconnected); the build was stopped there. Run the stage again"
                + " once the agent is online to build anew.");
    }

    /** Whether {@code t} or one of its causes is remoting's report of a closed or failed channel. */
    static boolean isConnectionLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            String message = String.valueOf(c.getMessage());
            if (name.startsWith("hudson.remoting.") || message.contains("hudson.remoting.Channel")
                    || message.contains("ChannelClosedException") || c instanceof EOFException
                    || c instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static String raw(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause() == c ? null : c.getCause()) {
            s.append(" <- ").append(c);
        }
        return s.toString();
    }
}
