package io.jenkins.plugins.flatpak.jenkins.credentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** An OpenPGP secret key that signs Flatpak repositories: the ASCII-armored export and its passphrase. */
public interface GpgSigningKeyCredentials extends StandardCredentials {
    /** What {@code gpg --armor --export-secret-keys KEYID} writes. */
    Secret getSecretKey();

    /** The key's passphrase; an empty secret when the key has none. */
    Secret getPassphrase();
}
