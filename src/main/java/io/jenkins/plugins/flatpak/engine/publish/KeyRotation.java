package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.PublicKeyRings;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.engine.repo.PublicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Replaces the key a signed repository is signed with, the one way its key changes. Flatpak clients keep the keys
 * they trust in their own keyring, taken from the {@code .flatpakrepo} when the repository was added; flatpak
 * updates that keyring from the summary's {@code xa.gpg-keys} (written by {@code build-update-repo --gpg-import}),
 * once the summary has verified against a key the client already trusts. A rotation therefore:
 * <ol>
 *   <li>signs the summary with the new key <em>and</em> the old one, so every client still verifies it, and
 *       announces both public keys in it: each client adds the new key at its next install or update;</li>
 *   <li>offers both keys to new clients ({@code <repo>.gpg}, {@code GPGKey=} of the {@code .flatpakrepo}), as
 *       flat-manager offers every key its {@code gpg-key} names;</li>
 *   <li>records the new key as the repository's signing key and the old one as retired: from now on every publish
 *       signs with the new key, and may let the old one co-sign (so a client that has not yet been in touch since
 *       the rotation keeps verifying, and learns the new key when it is).</li>
 * </ol>
 * Without the old key (lost, or compromised) the summary is signed by the new key alone: clients that hold only the
 * old key can no longer verify the repository and must add it again from its {@code .flatpakrepo}. Everything runs
 * under the repository's writer lock, so it never interleaves with a publish.
 */
final class KeyRotation {
    private final ToolRunner runner;

    KeyRotation(ToolRunner runner) {
        this.runner = runner;
    }

    /** @param oldKey the key the repository is signed with now, or null to rotate without it (see above) */
    RepositorySettings rotate(PublishTarget target, SigningKey newKey, SigningKey oldKey, OutputSink log) {
        Path path = target.repoPath().toAbsolutePath().normalize();
        String name = target.name();
        String repo = "repository " + name + " (" + path + ")";
        OstreeRepo ostree = new OstreeRepo(path, runner);
        if (!ostree.exists()) {
            throw new InvalidInputException(repo + " does not exist; a first signed publish (--gpg-key) creates "
                    + "and signs it, there is no key to rotate");
        }
        try (PathLock lock = ostree.lock()) {
            RepositorySettings settings = RepositorySettings.read(path);
            if (!settings.signed()) {
                throw new InvalidInputException(repo + " is not signed: a publish with a key (--gpg-key) signs it; "
                        + "rotation replaces the key of a signed repository");
            }
            if (newKey.fingerprint().equals(settings.signingKey())) {
                throw new InvalidInputException(repo + " is signed by key " + newKey.fingerprint() + " already");
            }
            boolean unknown = RepositorySettings.UNKNOWN_KEY.equals(settings.signingKey());
            if (oldKey != null && !unknown && !oldKey.fingerprint().equals(settings.signingKey())) {
                throw new InvalidInputException(repo + " is signed by key " + settings.signingKey() + ", not by "
                        + oldKey.fingerprint() + " given as its old key");
            }
            if (oldKey != null && unknown) {
                // the old key's public part must be offered too: record it as the key being replaced
                settings = new RepositorySettings(settings.title(), settings.url(), settings.collectionId(),
                        settings.staticDeltas(), settings.pruneDepth(), settings.defaultBranch(), oldKey.fingerprint(),
                        settings.retiredKeys(), Base64.getEncoder().encodeToString(
                                PublicKeyRings.merge(oldKey.publicKeyBinary(), settings.offeredKeys())));
            }
            RepositorySettings next = settings.rotated(newKey);
            List<SigningKey> signers = new ArrayList<>();
            signers.add(newKey);
            if (oldKey != null) {
                signers.add(oldKey);
            }
            log.line("[flatpak] " + repo + ": rotating its signing key from " + settings.signingKey() + " to "
                    + newKey.fingerprint() + (oldKey == null ? " without the old key: clients that hold only "
                            + settings.signingKey() + " must add the repository again from its .flatpakrepo"
                            : "; the summary is signed by both and announces both keys to clients"));
            Path keyring = path.resolveSibling("." + path.getFileName() + ".rotation.gpg");
            PublicFiles.write(keyring, next.offeredKeys());
            try (GpgHome gpg = GpgHome.open(signers, runner)) {
                SummaryQueue.of(path).update(next.effective(name, path), next, gpg, keyring, runner, log);
            } finally {
                try {
                    Files.deleteIfExists(keyring);
                } catch (IOException ignored) {
                    // public data only; the next rotation replaces it
                }
            }
            next.write(ostree);
            log.line("[flatpak] " + repo + " is signed by key " + newKey.fingerprint() + "; retired: "
                    + String.join(", ", next.retiredKeys()) + "; " + RepositorySettings.publicKeyFile(path).getFileName()
                    + " and " + RepositorySettings.flatpakrepoFile(path).getFileName() + " offer "
                    + PublicKeyRings.fingerprints(next.offeredKeys()).size() + " key(s)");
            return next;
        }
    }
}
