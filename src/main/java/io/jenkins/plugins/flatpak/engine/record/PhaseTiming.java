package io.jenkins.plugins.flatpak.engine.record;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/** When one phase (build, commit, publish) started and ended; {@code end} is null while it runs. */
public record PhaseTiming(Instant start, Instant end) implements Serializable {
    public PhaseTiming finished(Instant at) {
        return new PhaseTiming(start, at);
    }

    public Duration duration() {
        return end == null ? null : Duration.between(start, end);
    }
}
