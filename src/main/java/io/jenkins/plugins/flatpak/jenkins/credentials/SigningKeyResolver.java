package io.jenkins.plugins.flatpak.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig;
import java.io.IOException;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves a signing key for a build, on the controller: credentials are looked up in the run's
 * context (what the run's job and its authentication may use, never as SYSTEM) and tracked against the
 * run. The returned key holds secret material: close it when signing is done.
 */
public final class SigningKeyResolver {
    private SigningKeyResolver() {}

    /**
     * @param run                     the build the key is used for
     * @param keyCredentialsId        a {@link GpgSigningKeyCredentials}, or a secret file ({@link FileCredentials})
     *                                holding an ASCII-armored secret key
     * @param passphraseCredentialsId for a secret file: a secret text ({@link StringCredentials}) with the key's
     *                                passphrase, or null when the key has none; must be null for a
     *                                {@link GpgSigningKeyCredentials}, which holds its own passphrase
     * @throws InvalidInputException when a credential is missing, of the wrong type, or does not hold a
     *                               key that can sign; the message names the credentials id, never a secret
     */
    public static SigningKey resolve(Run<?, ?> run, String keyCredentialsId, String passphraseCredentialsId)
            throws IOException {
        String keyId = requireId(keyCredentialsId, "GPG key credentials id");
        String passId = passphraseCredentialsId == null || passphraseCredentialsId.isBlank() ? null : passphraseCredentialsId.trim();

        GpgSigningKeyCredentials gpg = CredentialsProvider.findCredentialById(keyId, GpgSigningKeyCredentials.class, run);
        if (gpg != null) {
            if (passId != null) {
                throw new InvalidInputException("credentials " + Names.quote(keyId) + " are a Flatpak GPG signing key, which "
                        + "holds its own passphrase; leave the passphrase credentials id " + Names.quote(passId) + " empty");
            }
            CredentialsProvider.track(run, gpg);
            return withContext(keyId, () -> SigningKeys.fromArmored(plain(gpg.getSecretKey()), plain(gpg.getPassphrase())));
        }

        FileCredentials file = CredentialsProvider.findCredentialById(keyId, FileCredentials.class, run);
        if (file == null) {
            throw new InvalidInputException("no credentials with id " + Names.quote(keyId) + " that hold a GPG signing key are "
                    + "available to " + run.getFullDisplayName() + ": add a 'Flatpak GPG signing key' or a 'Secret file' "
                    + "credential with this id where this job can use it (global scope or the job's folder)");
        }
        String passphrase = null;
        if (passId != null) {
            StringCredentials pass = CredentialsProvider.findCredentialById(passId, StringCredentials.class, run);
            if (pass == null) {
                throw new InvalidInputException("no secret text credentials with id " + Names.quote(passId)
                        + " (the passphrase of GPG key " + Names.quote(keyId) + ") are available to " + run.getFullDisplayName());
            }
            CredentialsProvider.track(run, pass);
            passphrase = plain(pass.getSecret());
        }
        CredentialsProvider.track(run, file);
        String pass = passphrase;
        return withContext(keyId, () -> SigningKeys.fromStream(file.getContent(), pass,
                "secret file " + Names.quote(keyId)));
    }

    /**
     * The signing key configured for a repository, or null when the repository is published unsigned.
     *
     * @see #resolve(Run, String, String)
     */
    public static SigningKey resolve(Run<?, ?> run, FlatpakRepositoryConfig repository) throws IOException {
        if (repository.getGpgCredentialsId() == null) {
            return null;
        }
        return resolve(run, repository.getGpgCredentialsId(), repository.getGpgPassphraseCredentialsId());
    }

    private interface KeySupplier {
        SigningKey get() throws IOException;
    }

    /** Prefixes the engine's reason with the credentials id it came from. */
    private static SigningKey withContext(String keyId, KeySupplier supplier) throws IOException {
        try {
            return supplier.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("credentials " + Names.quote(keyId) + ": " + e.getMessage(), e);
        }
    }

    private static String plain(Secret secret) {
        return secret == null ? null : secret.getPlainText();
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("the " + what + " is empty");
        }
        String trimmed = id.trim();
        if (trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("invalid " + what + " " + Names.quote(trimmed));
        }
        return trimmed;
    }
}
