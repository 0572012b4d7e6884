package io.jenkins.plugins.flatpak.engine.manifest;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Writes manifest fixtures into a test's temporary source tree and reads back the problems reported. */
final class ManifestFixtures {
    private ManifestFixtures() {}

    /** A valid application manifest header in JSON; append {@code , "modules": [...]} and a closing brace. */
    static final String JSON_HEAD = "{\"id\": \"org.example.App\", \"runtime\": \"org.freedesktop.Platform\","
            + " \"runtime-version\": \"23.08\", \"sdk\": \"org.freedesktop.Sdk\", \"command\": \"app\"";

    static final String SIMPLE_MODULE = "{\"name\": \"app\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"]}";

    static Path write(Path root, String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON application manifest {@code name} whose modules list is {@code modules} (JSON text). */
    static Path jsonApp(Path root, String name, String modules) {
        return write(root, name, JSON_HEAD + ", \"modules\": " + modules + "}");
    }

    static List<Problem> problems(Executable load) {
        return assertThrows(ManifestException.class, load).problems();
    }

    static List<Problem> problemsOf(Path root, Path manifest) {
        return problems(() -> ManifestLoader.load(root, manifest));
    }

    static Problem problem(String file, String field, String message) {
        return new Problem(file, field, message);
    }
}
