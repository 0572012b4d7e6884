package io.jenkins.plugins.flatpak.hostile;

import java.util.List;

/**
 * One hostile command line, fully expanded: the runner arguments (after {@code --home}), what standard error
 * must contain, whether the case may leave a failed build record behind (a manifest is only seen once the
 * build is recorded).
 */
record HostileCase(String category, String name, List<String> args, List<String> names, boolean mayRecordFailure) {

    String label() {
        return category.replaceFirst(" \\(.*", "") + " / " + name;
    }

    /** Arguments with a NUL cannot be passed to a process; only the in-process runner sees them. */
    boolean passableToAProcess() {
        return args.stream().noneMatch(a -> a.indexOf('\0') >= 0);
    }
}
