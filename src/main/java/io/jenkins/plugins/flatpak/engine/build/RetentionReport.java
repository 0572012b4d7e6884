package io.jenkins.plugins.flatpak.engine.build;

import java.io.Serializable;
import java.util.List;

/**
 * What applying a {@link CacheRetention} to a state dir did.
 *
 * @param bytes   size of the state dir afterwards, or -1 when there is no size limit (the state dir is then not
 *                measured, which would mean reading every file's attributes after every build)
 * @param removed one line per thing removed, e.g. {@code downloads/abc… (12345 bytes, last used 40 day(s) ago)}
 */
public record RetentionReport(long bytes, List<String> removed) implements Serializable {
    public RetentionReport {
        removed = List.copyOf(removed);
    }
}
