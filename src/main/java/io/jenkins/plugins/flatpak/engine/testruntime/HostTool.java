package io.jenkins.plugins.flatpak.engine.testruntime;

import java.util.List;

/**
 * A program copied from the host into a test runtime's {@code /usr/bin}.
 *
 * @param name      its name inside the runtime
 * @param hostNames names to look for on the host, first found wins (Ubuntu's ldconfig is a wrapper script
 *                  around {@code ldconfig.real}, for example)
 * @param required  whether a host without it cannot make the runtime
 */
record HostTool(String name, List<String> hostNames, boolean required) {
    static HostTool required(String name) {
        return new HostTool(name, List.of(name), true);
    }

    static HostTool optional(String name) {
        return new HostTool(name, List.of(name), false);
    }
}
