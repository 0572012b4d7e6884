package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.build.GitUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The rules for step parameters, as plain functions shared by the Snippet Generator's checks and the step
 * executions: each {@code *Problem} returns why a value is refused (naming it), or null when it is fine.
 */
final class StepInputs {
    /** flatpak-builder is killed after this long at most, whatever the step says. */
    static final int MAX_TIMEOUT_MINUTES = 24 * 60;

    private StepInputs() {}

    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    static String appIdProblem(String value) {
        return value == null ? null : problem(() -> Names.appId(value));
    }

    static String archProblem(String value) {
        return value == null ? null : problem(() -> Names.arch(value));
    }

    static String branchProblem(String value) {
        return value == null ? null : problem(() -> Names.branch(value));
    }

    static String buildIdProblem(String value) {
        return value == null ? null : problem(() -> Names.buildId(value));
    }

    static String repoProblem(String value) {
        if (value == null) {
            return "the repository name is required: repo: 'NAME' of a repository configured under Manage Jenkins » System » Flatpak";
        }
        return problem(() -> Names.repoName(value));
    }

    static String timeoutProblem(int minutes) {
        if (minutes <= 0 || minutes > MAX_TIMEOUT_MINUTES) {
            return "invalid timeout " + minutes + ": give minutes between 1 and " + MAX_TIMEOUT_MINUTES;
        }
        return null;
    }

    static String gitBranchProblem(String value) {
        return value == null ? null : problem(() -> GitUrls.validateBranch(value));
    }

    /** A git URL the engine accepts and that carries no password: passwords belong in a credential. */
    static String gitUrlProblem(String value) {
        if (value == null) {
            return null;
        }
        String p = problem(() -> GitUrls.validate(value));
        if (p != null) {
            return p;
        }
        if (value.contains("://")) {
            try {
                String userInfo = new URI(value).getRawUserInfo();
                if (userInfo != null && userInfo.contains(":")) {
                    return "the git URL contains a password; remove it from the URL and pass a credentialsId instead";
                }
            } catch (URISyntaxException e) {
                if (value.substring(value.indexOf("://") + 3).matches("[^/@]*:[^/@]*@.*")) {
                    return "the git URL contains a password; remove it from the URL and pass a credentialsId instead";
                }
            }
        }
        return null;
    }

    /**
     * A relative path inside the workspace (manifest, state dir): no absolute path, no {@code ..}, no control
     * characters. The agent checks again against the real directories, symlinks included.
     */
    static String workspacePathProblem(String what, String value) {
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid " + what + " " + Names.quote(value) + ": it contains control characters";
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            return "invalid " + what + " " + Names.quote(value) + ": " + e.getReason();
        }
        if (p.isAbsolute()) {
            return "invalid " + what + " " + Names.quote(value) + ": give a path relative to the workspace";
        }
        for (Path segment : p) {
            if (segment.toString().equals("..")) {
                return "invalid " + what + " " + Names.quote(value) + ": it must stay inside the workspace (no '..')";
            }
        }
        return null;
    }

    /** Directories the engine never copies with the sources; a state dir elsewhere in the workspace would be. */
    static final java.util.List<String> STATE_DIR_ROOTS = java.util.List.of(".flatpak-builder", ".flatpak-pipeline");

    /** A workspace path under {@code .flatpak-builder/} or {@code .flatpak-pipeline/}. */
    static String stateDirProblem(String value) {
        String p = workspacePathProblem("state dir", value);
        if (p != null || value == null) {
            return p;
        }
        Path path = Path.of(value).normalize();
        if (path.getNameCount() == 0 || !STATE_DIR_ROOTS.contains(path.getName(0).toString())) {
            return "invalid state dir " + Names.quote(value) + ": put it under .flatpak-builder/ (for example "
                    + "'.flatpak-builder/" + path.getFileName() + "'); elsewhere in the workspace it would be copied "
                    + "with the sources on every build";
        }
        return null;
    }

    static String remoteNameProblem(String value) {
        if (value == null || value.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            return null;
        }
        return "invalid remote name for installDepsFrom " + Names.quote(value);
    }

    static String credentialsIdProblem(String value) {
        if (value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid credentials id " + Names.quote(value);
        }
        return null;
    }

    /** Throws the first problem as the engine's bad-input error. */
    static void require(String... problems) {
        for (String p : problems) {
            if (p != null) {
                throw new InvalidInputException(p);
            }
        }
    }

    private static String problem(Runnable check) {
        try {
            check.run();
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }
}
