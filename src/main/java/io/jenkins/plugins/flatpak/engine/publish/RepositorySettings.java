package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.gpg.PublicKeyRings;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.repo.KeyFiles;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a repository remembers about itself, so that every publish — from the runner or from Jenkins — keeps it
 * unless it states another value: title, URL, collection id, static deltas, prune depth, default branch, and the
 * signing key's fingerprint (with the keys it replaced and the public keys offered to clients). Kept in the
 * repository's own config, group {@code [flatpak-pipeline]}, beside what ostree and flatpak keep there, so it moves
 * with the repository; written at the first publish, under the repository's writer lock.
 *
 * <p>A repository published before settings were kept is adopted from what it holds: flatpak's and ostree's own
 * config ({@code [flatpak] title}, {@code default-branch}, {@code [core] collection-id}), the {@code Url} of its
 * {@code .flatpakrepo}, and, when it has a signed summary, the key of its {@code .gpg} file.
 *
 * @param signingKey  fingerprint of the key every publish must sign with; null for an unsigned repository;
 *                    {@link #UNKNOWN_KEY} for an adopted signed repository whose key was never recorded
 * @param retiredKeys fingerprints of keys a rotation replaced: they may co-sign, never sign alone
 * @param publicKeys  base64 of the keyring offered to clients (signing key first, then the retired ones), or null
 */
public record RepositorySettings(String title, String url, String collectionId, boolean staticDeltas, int pruneDepth,
        String defaultBranch, String signingKey, List<String> retiredKeys, String publicKeys) {
    static final String GROUP = "flatpak-pipeline";
    static final String UNKNOWN_KEY = "unknown";
    /** A repository that does not exist yet. */
    static final RepositorySettings NEW = new RepositorySettings(null, null, null, false, 0, null, null, List.of(), null);

    public RepositorySettings {
        retiredKeys = List.copyOf(retiredKeys);
    }

    /** What the repository at {@code repoPath} remembers; {@link #NEW} when there is no repository there. */
    public static RepositorySettings read(Path repoPath) {
        OstreeRepo repo = new OstreeRepo(repoPath, null);
        if (!repo.exists()) {
            return NEW;
        }
        Map<String, Map<String, String>> config = repo.config();
        Map<String, String> g = config.get(GROUP);
        return g == null ? adopt(repo.path(), config) : fromGroup(g);
    }

    /** Whether every publish must sign (with {@link #signingKey}). */
    public boolean signed() {
        return signingKey != null;
    }

    /** The keyring offered to clients, or null. */
    public byte[] offeredKeys() {
        return publicKeys == null ? null : Base64.getDecoder().decode(publicKeys);
    }

    /** The effective values as a target: what the tools are given. */
    public PublishTarget effective(String name, Path repoPath) {
        return new PublishTarget(name, repoPath.toAbsolutePath().normalize().toString(), title, url, collectionId,
                staticDeltas, pruneDepth, defaultBranch);
    }

    /**
     * Why a publish with {@code key} (and co-signing {@code coSigners}) may not sign this repository, or null when it
     * may: once signed, a repository is only ever signed by its key (a retired key may add its signature, never
     * replace it), so no publish can strip or swap its signature; changing keys is {@link KeyRotation}'s job.
     */
    public String refusal(String name, Path repoPath, SigningKey key, List<SigningKey> coSigners) {
        String repo = "repository " + name + " (" + repoPath + ")";
        if (signingKey == null) {
            return coSigners.isEmpty() ? null : repo + " is not signed: there is nothing for "
                    + coSigners.get(0).fingerprint() + " to co-sign";
        }
        if (UNKNOWN_KEY.equals(signingKey)) {
            return key != null ? null : repo + " has a signed summary, but no record of its key: give the key that "
                    + "signed it (--gpg-key); a publish without it would strip the signature clients verify";
        }
        if (key == null) {
            return repo + " is signed by key " + signingKey + ": a publish without it would strip the signature every "
                    + "client verifies; give that key (--gpg-key), or change keys with rotate-key";
        }
        if (!key.fingerprint().equals(signingKey)) {
            return repo + " is signed by key " + signingKey + ", not by " + key.fingerprint()
                    + (retiredKeys.contains(key.fingerprint()) ? ", which a key rotation retired" : "")
                    + "; give that key, or change keys with rotate-key";
        }
        for (SigningKey co : coSigners) {
            if (!retiredKeys.contains(co.fingerprint())) {
                return repo + ": co-signing key " + co.fingerprint() + " is not a key it retired (retired: "
                        + (retiredKeys.isEmpty() ? "none" : String.join(", ", retiredKeys)) + ")";
            }
        }
        return null;
    }

    /** Settings after a publish that states {@code stated} and signs with {@code key}, and what that changed. */
    record Resolution(RepositorySettings settings, List<String> changes) {}

    /**
     * Applies what a publish states: a stated value replaces the remembered one, an omitted one keeps it. The first
     * publish of a repository records everything; a signed publish into an unsigned repository makes it signed. Call
     * only when {@link #refusal} found nothing.
     */
    Resolution resolve(String name, PublishTarget stated, SigningKey key, boolean newRepository) {
        List<String> changes = new ArrayList<>();
        String t = change(changes, "title", title, stated.title(), name);
        String u = change(changes, "URL", url, stated.url(), "file:// URL of the repository");
        String c = change(changes, "collection id", collectionId, stated.collectionId(), "none");
        boolean d = stated.staticDeltas() == null ? staticDeltas
                : Boolean.parseBoolean(change(changes, "static deltas", Boolean.toString(staticDeltas),
                        stated.staticDeltas().toString(), "false"));
        int p = stated.pruneDepth() == null ? pruneDepth
                : Integer.parseInt(change(changes, "prune depth", Integer.toString(pruneDepth),
                        stated.pruneDepth().toString(), "0"));
        String b = change(changes, "default branch", defaultBranch, stated.defaultBranch(), "none");
        String k = signingKey;
        String keys = publicKeys;
        if (key != null && (!key.fingerprint().equals(signingKey) || keys == null)) {
            byte[] offered = PublicKeyRings.merge(key.publicKeyBinary(), offeredKeys());
            keys = Base64.getEncoder().encodeToString(offered);
            if (!key.fingerprint().equals(signingKey)) {
                changes.add(signingKey == null ? "signed by key " + key.fingerprint()
                        + (newRepository ? "" : " from now on (it was unsigned)")
                        : "signing key recorded: " + key.fingerprint() + " (the key of its signed summary had no record)");
            }
            k = key.fingerprint();
        }
        RepositorySettings next = new RepositorySettings(t, u, c, d, p, b, k, retiredKeys, keys);
        if (newRepository) {
            changes.clear();
            changes.add("a new repository; it remembers " + next.describe(name));
        }
        return new Resolution(next, changes);
    }

    /** Settings after a rotation to {@code newKey}: the old signing key is retired and both are offered. */
    RepositorySettings rotated(SigningKey newKey) {
        List<String> retired = new ArrayList<>();
        if (signingKey != null && !UNKNOWN_KEY.equals(signingKey) && !signingKey.equals(newKey.fingerprint())) {
            retired.add(signingKey);
        }
        retiredKeys.stream().filter(f -> !f.equals(newKey.fingerprint()) && !retired.contains(f)).forEach(retired::add);
        byte[] offered = PublicKeyRings.merge(newKey.publicKeyBinary(), offeredKeys());
        return new RepositorySettings(title, url, collectionId, staticDeltas, pruneDepth, defaultBranch,
                newKey.fingerprint(), retired, Base64.getEncoder().encodeToString(offered));
    }

    /** One line for a log: every remembered value. */
    String describe(String name) {
        return "title " + Names.quote(title == null ? name : title)
                + ", URL " + (url == null ? "file:// URL of the repository" : url)
                + ", collection id " + (collectionId == null ? "none" : collectionId)
                + ", static deltas " + staticDeltas + ", prune depth " + pruneDepth
                + ", default branch " + (defaultBranch == null ? "none" : defaultBranch)
                + ", " + (signingKey == null ? "unsigned" : "signed by key " + signingKey)
                + (retiredKeys.isEmpty() ? "" : " (retired: " + String.join(", ", retiredKeys) + ")");
    }

    /** Writes the settings into the repository's config. Call under its writer lock. */
    void write(OstreeRepo repo) {
        Map<String, String> g = new LinkedHashMap<>();
        put(g, "title", title);
        put(g, "url", url);
        put(g, "collection-id", collectionId);
        g.put("static-deltas", Boolean.toString(staticDeltas));
        g.put("prune-depth", Integer.toString(pruneDepth));
        put(g, "default-branch", defaultBranch);
        put(g, "gpg-key", signingKey);
        if (!retiredKeys.isEmpty()) {
            g.put("retired-gpg-keys", String.join(";", retiredKeys) + ";");
        }
        put(g, "public-keys", publicKeys);
        repo.setConfigGroup(GROUP, g);
    }

    private static void put(Map<String, String> g, String key, String value) {
        if (value != null) {
            g.put(key, value);
        }
    }

    /** The new value when stated and different (recording the change), else the old one. */
    private static String change(List<String> changes, String what, String old, String stated, String defaultShown) {
        if (stated == null || stated.equals(old)) {
            return old;
        }
        changes.add(what + " changes from " + (old == null ? defaultShown : Names.quote(old)) + " to "
                + Names.quote(stated));
        return stated;
    }

    private static RepositorySettings fromGroup(Map<String, String> g) {
        int prune;
        try {
            prune = Math.max(0, Integer.parseInt(g.getOrDefault("prune-depth", "0").trim()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("the repository config has an invalid prune-depth "
                    + Names.quote(g.get("prune-depth")) + " in [" + GROUP + "]");
        }
        List<String> retired = Stream.of(g.getOrDefault("retired-gpg-keys", "").split(";"))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new RepositorySettings(g.get("title"), g.get("url"), g.get("collection-id"),
                Boolean.parseBoolean(g.getOrDefault("static-deltas", "false").trim()), prune, g.get("default-branch"),
                g.get("gpg-key"), retired, g.get("public-keys"));
    }

    /** A repository published before its settings were kept: what it shows of them. */
    private static RepositorySettings adopt(Path repo, Map<String, Map<String, String>> config) {
        Map<String, String> flatpak = config.getOrDefault("flatpak", Map.of());
        Map<String, String> core = config.getOrDefault("core", Map.of());
        String url = null;
        Path repoFile = flatpakrepoFile(repo);
        if (Files.isRegularFile(repoFile)) {
            try {
                url = KeyFiles.parse(Files.readString(repoFile, StandardCharsets.UTF_8))
                        .getOrDefault("Flatpak Repo", Map.of()).get("Url");
            } catch (IOException | RuntimeException e) {
                url = null;
            }
        }
        String signingKey = null;
        String publicKeys = null;
        if (Files.isRegularFile(repo.resolve("summary.sig"))) {
            signingKey = UNKNOWN_KEY;
            try {
                byte[] keyring = Files.readAllBytes(publicKeyFile(repo));
                List<String> fingerprints = PublicKeyRings.fingerprints(keyring);
                if (!fingerprints.isEmpty()) {
                    signingKey = fingerprints.get(0);
                    publicKeys = Base64.getEncoder().encodeToString(keyring);
                }
            } catch (IOException | RuntimeException e) {
                // no usable .gpg beside it: the key stays unknown until a publish gives it
            }
        }
        boolean deltas;
        try (Stream<Path> entries = Files.isDirectory(repo.resolve("deltas")) ? Files.list(repo.resolve("deltas"))
                : Stream.empty()) {
            deltas = entries.findAny().isPresent();
        } catch (IOException e) {
            deltas = false;
        }
        return new RepositorySettings(flatpak.get("title"), url, core.get("collection-id"), deltas, 0,
                flatpak.get("default-branch"), signingKey, List.of(), publicKeys);
    }

    /** {@code <repo>.flatpakrepo} beside the repository directory. */
    static Path flatpakrepoFile(Path repo) {
        return repo.resolveSibling(repo.getFileName() + ".flatpakrepo");
    }

    /** {@code <repo>.gpg} beside the repository directory. */
    static Path publicKeyFile(Path repo) {
        return repo.resolveSibling(repo.getFileName() + ".gpg");
    }
}
