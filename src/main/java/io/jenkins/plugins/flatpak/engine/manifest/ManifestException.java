package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.util.List;

/**
 * A manifest was refused before anything ran; carries every problem found, not just the first, and the warnings
 * (what flatpak-builder would ignore), which often explain a problem (a value of the wrong type left out).
 */
public class ManifestException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;
    private final List<Problem> warnings;

    public ManifestException(String manifest, List<Problem> problems) {
        this(manifest, problems, List.of());
    }

    public ManifestException(String manifest, List<Problem> problems, List<Problem> warnings) {
        super(message(manifest, problems, warnings));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> warnings() {
        return warnings;
    }

    private static String message(String manifest, List<Problem> problems, List<Problem> warnings) {
        StringBuilder sb = new StringBuilder("manifest ").append(manifest).append(" has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (Problem p : problems) {
            sb.append("\n  - ").append(p);
        }
        if (!warnings.isEmpty()) {
            sb.append("\nand ").append(warnings.size()).append(warnings.size() == 1 ? " warning:" : " warnings:");
            for (Problem p : warnings) {
                sb.append("\n  - ").append(p);
            }
        }
        return sb.toString();
    }
}
