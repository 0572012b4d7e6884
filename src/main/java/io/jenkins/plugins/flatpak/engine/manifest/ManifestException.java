package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.util.List;

/** A manifest was refused before anything ran; carries every problem found, not just the first. */
public class ManifestException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public ManifestException(String manifest, List<Problem> problems) {
        super(message(manifest, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(String manifest, List<Problem> problems) {
        StringBuilder sb = new StringBuilder("manifest ").append(manifest).append(" has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (Problem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
