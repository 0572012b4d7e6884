package io.jenkins.plugins.flatpak.engine.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A sample app whose build does real work, for cache and transfer tests and benchmarks. Three modules:
 * <ol>
 *   <li>{@code tables}: {@code tables} files, each the end of a pseudo-random sequence of {@code iterations} steps
 *       computed by a shell loop (CPU work that the cache saves; its output is small);</li>
 *   <li>{@code payload}: installs {@code payload.bin} (incompressible bytes from a seed) as
 *       {@code /app/share/cached/payload.bin}, so a one-file change has a known size;</li>
 *   <li>{@code launcher}: installs {@code /app/bin/cached}.</li>
 * </ol>
 * Sources are {@code type: file}, which flatpak-builder checksums by content ({@code type: dir} always rebuilds).
 */
public final class CacheSample {
    public static final String APP_ID = "org.example.Cached";
    public static final String MANIFEST = "org.example.Cached.yml";
    public static final List<String> MODULES = List.of("tables", "payload", "launcher");
    public static final String PAYLOAD = "payload.bin";
    public static final String BULK = "bulk.bin";

    private CacheSample() {}

    /** Writes the sample into {@code dir} (created) and returns it. */
    public static Path create(Path dir, int tables, int iterations, int payloadBytes, long seed) {
        return create(dir, tables, iterations, payloadBytes, seed, 0);
    }

    /**
     * The sample with a fourth module, {@code assets}, before {@code payload}: it installs {@code bulkBytes}
     * incompressible bytes ({@code bulk.bin}), so the app is much larger than a one-file change.
     */
    public static Path create(Path dir, int tables, int iterations, int payloadBytes, long seed, int bulkBytes) {
        try {
            Files.createDirectories(dir);
            if (bulkBytes > 0) {
                byte[] bulk = new byte[bulkBytes];
                new Random(-1).nextBytes(bulk);
                Files.write(dir.resolve(BULK), bulk);
            }
            Files.writeString(dir.resolve(MANIFEST), manifest(tables, iterations, PAYLOAD, bulkBytes > 0));
            Files.writeString(dir.resolve("cached.sh"), "#!/bin/sh\necho \"Cached says hello\"\n");
            writePayload(dir, payloadBytes, seed);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the payload with {@code payloadBytes} new bytes from {@code seed}; returns its size. */
    public static long writePayload(Path dir, int payloadBytes, long seed) {
        byte[] bytes = new byte[payloadBytes];
        new Random(seed).nextBytes(bytes);
        try {
            Files.write(dir.resolve(PAYLOAD), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.length;
    }

    /** Another manifest of the same app in {@code dir}, installing {@code payloadFile} as its payload. */
    public static void writeManifest(Path dir, String fileName, int tables, int iterations, String payloadFile) {
        try {
            Files.writeString(dir.resolve(fileName), manifest(tables, iterations, payloadFile, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String manifest(int tables, int iterations, String payloadFile, boolean bulk) {
        String loop = "t=0; while [ $t -lt " + tables + " ]; do t=$((t+1)); i=0; x=$t;"
                + " while [ $i -lt " + iterations + " ]; do i=$((i+1)); x=$(( (x*1103515245+12345) % 2147483648 ));"
                + " done; echo \"$t $x\" > /app/share/cached/tables/t$t; done";
        return String.join("\n",
                "app-id: " + APP_ID,
                "runtime: io.jenkins.flatpak.test.Platform",
                "runtime-version: '1.0'",
                "sdk: io.jenkins.flatpak.test.Sdk",
                "command: cached",
                "modules:",
                "  - name: tables",
                "    buildsystem: simple",
                "    build-commands:",
                "      - mkdir -p /app/share/cached/tables",
                "      - '" + loop.replace("'", "''") + "'",
                bulk ? String.join("\n",
                        "  - name: assets",
                        "    buildsystem: simple",
                        "    sources:",
                        "      - type: file",
                        "        path: " + BULK,
                        "    build-commands:",
                        "      - install -Dm644 " + BULK + " /app/share/cached/assets/" + BULK) : "# no assets",
                "  - name: payload",
                "    buildsystem: simple",
                "    sources:",
                "      - type: file",
                "        path: " + payloadFile,
                "    build-commands:",
                "      - install -Dm644 " + payloadFile + " /app/share/cached/" + PAYLOAD,
                "  - name: launcher",
                "    buildsystem: simple",
                "    sources:",
                "      - type: file",
                "        path: cached.sh",
                "    build-commands:",
                "      - install -Dm755 cached.sh /app/bin/cached",
                "");
    }
}
