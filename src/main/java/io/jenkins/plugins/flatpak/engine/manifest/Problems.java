package io.jenkins.plugins.flatpak.engine.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects errors (which refuse the manifest) and warnings (reported, not fatal) during one load. Each
 * list keeps at most {@value #MAX} entries, then only counts, so a hostile file cannot make a huge report.
 */
final class Problems {
    static final int MAX = 200;

    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private int moreErrors;
    private int moreWarnings;

    void error(Where where, String field, String message) {
        error(where.file(), field, message);
    }

    void error(String file, String field, String message) {
        if (errors.size() < MAX) {
            errors.add(new Problem(file, field, message));
        } else {
            moreErrors++;
        }
    }

    void warning(Where where, String field, String message) {
        warning(where.file(), field, message);
    }

    void warning(String file, String field, String message) {
        if (warnings.size() < MAX) {
            warnings.add(new Problem(file, field, message));
        } else {
            moreWarnings++;
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<Problem> errors() {
        return withCount(errors, moreErrors, "problems");
    }

    List<Problem> warnings() {
        return withCount(warnings, moreWarnings, "warnings");
    }

    private static List<Problem> withCount(List<Problem> list, int more, String what) {
        if (more == 0) {
            return List.copyOf(list);
        }
        List<Problem> out = new ArrayList<>(list);
        out.add(new Problem(list.get(list.size() - 1).file(), "", "and " + more + " more " + what + " not listed"));
        return List.copyOf(out);
    }
}
