package io.jenkins.plugins.flatpak.engine.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The life of a build, as flat-manager's: built, then committed (validated), then published. */
public enum BuildStatus {
    CREATED, BUILDING, BUILT, COMMITTING, COMMITTED, PUBLISHING, PUBLISHED, FAILED, CANCELLED;

    /** Statuses in which a tool may be running on the build's behalf. */
    public static final Set<BuildStatus> ACTIVE = EnumSet.of(BUILDING, COMMITTING, PUBLISHING);

    public boolean isTerminal() {
        return this == PUBLISHED || this == FAILED || this == CANCELLED;
    }

    public boolean canMoveTo(BuildStatus next) {
        if (isTerminal()) {
            return false;
        }
        if (next == FAILED || next == CANCELLED) {
            return true;
        }
        switch (this) {
            case CREATED: return next == BUILDING;
            case BUILDING: return next == BUILT;
            case BUILT: return next == COMMITTING;
            case COMMITTING: return next == COMMITTED;
            case COMMITTED: return next == PUBLISHING;
            case PUBLISHING: return next == PUBLISHED;
            default: return false;
        }
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BuildStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
