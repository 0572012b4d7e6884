package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The checks every path given on the runner's command line goes through before the engine sees it. Scripts
 * often build these paths from variables ({@code --repo repos/$BRANCH}), so a value that is empty, carries
 * control characters, looks like an option or climbs out with {@code ..} is refused, naming it, instead of
 * being normalised into somewhere else.
 */
final class PathOptions {
    /** Largest key or passphrase file read; a device or a huge file is refused instead of read to the end. */
    static final int MAX_SECRET_FILE = 1024 * 1024;

    private PathOptions() {}

    /** An absolute, normalised path for option {@code --option}. */
    static Path path(String option, String value) {
        check(option, value);
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInputException("invalid --" + option + " " + Names.quote(value) + ": " + e.getReason());
        }
    }

    /** A path relative to a checked-out tree (the manifest of a git build): never absolute. */
    static String relative(String option, String value) {
        check(option, value);
        if (value.startsWith("/")) {
            throw new InvalidInputException("invalid --" + option + " " + Names.quote(value)
                    + ": give a path relative to the top of the git repository");
        }
        return value;
    }

    /**
     * A directory the engine will make an OSTree repository of: absent, empty, or already a repository; never
     * a directory holding other things (a mistyped {@code --repo /} or {@code --repo $HOME}).
     */
    static Path repository(String option, String value) {
        Path p = path(option, value);
        if (!Files.exists(p)) {
            return p;
        }
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException("invalid --" + option + " " + Names.quote(value) + ": it is not a directory");
        }
        if (Files.isRegularFile(p.resolve("config")) && Files.isDirectory(p.resolve("objects"))) {
            return p;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
            if (entries.iterator().hasNext()) {
                throw new InvalidInputException("invalid --" + option + " " + Names.quote(value)
                        + ": it is neither an OSTree repository nor an empty directory");
            }
        } catch (IOException e) {
            throw new InvalidInputException("invalid --" + option + " " + Names.quote(value) + ": it cannot be read");
        }
        return p;
    }

    /** The bytes of a small regular file (a key, a passphrase); the message names the file, never its content. */
    static byte[] readSmallFile(String option, String what, String value) {
        Path p = path(option, value);
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException("cannot read " + what + " " + Names.quote(value)
                    + (Files.exists(p) ? ": it is not a regular file" : ": it does not exist"));
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] content = in.readNBytes(MAX_SECRET_FILE + 1);
            if (content.length > MAX_SECRET_FILE) {
                java.util.Arrays.fill(content, (byte) 0);
                throw new InvalidInputException("cannot read " + what + " " + Names.quote(value)
                        + ": it is larger than " + MAX_SECRET_FILE + " bytes");
            }
            return content;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " " + Names.quote(value));
        }
    }

    private static void check(String option, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidInputException("invalid --" + option + " " + Names.quote(value) + ": " + problem);
        }
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "it contains control characters";
        }
        if (value.startsWith("-")) {
            return "it would be read as an option; write ./" + value + " for a file of that name";
        }
        for (String segment : value.split("/", -1)) {
            if (segment.equals("..")) {
                return "give it without '..' segments";
            }
        }
        return null;
    }
}
