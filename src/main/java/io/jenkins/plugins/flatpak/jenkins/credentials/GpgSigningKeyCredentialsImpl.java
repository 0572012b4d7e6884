package io.jenkins.plugins.flatpak.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import hudson.Extension;
import hudson.model.ModelObject;
import hudson.security.AccessControlled;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A GPG signing key stored in Jenkins' credentials store; both parts are kept encrypted as {@link Secret}s. */
public class GpgSigningKeyCredentialsImpl extends BaseStandardCredentials implements GpgSigningKeyCredentials {
    private static final long serialVersionUID = 1L;

    private final Secret secretKey;
    private final Secret passphrase;

    @DataBoundConstructor
    public GpgSigningKeyCredentialsImpl(CredentialsScope scope, String id, String description, Secret secretKey,
            Secret passphrase) {
        super(scope, id, description);
        this.secretKey = secretKey;
        this.passphrase = passphrase;
    }

    @Override
    public Secret getSecretKey() {
        return secretKey;
    }

    @Override
    public Secret getPassphrase() {
        return passphrase;
    }

    /** The credentials form: the key can be checked before it is saved. */
    @Extension
    @Symbol("flatpakGpgKey")
    public static class DescriptorImpl extends BaseStandardCredentialsDescriptor {
        @Override
        public String getDisplayName() {
            return "Flatpak GPG signing key";
        }

        /**
         * Checks that the key (and passphrase) can sign, for the "Check key" button. Fields of a stored
         * credential arrive encrypted and are decrypted by {@link Secret#fromString}. The answer names
         * only public facts of the key. Needs the right to create or update credentials where the form is.
         */
        @POST
        public FormValidation doCheckSecretKey(@AncestorInPath ModelObject context, @QueryParameter String secretKey,
                @QueryParameter String passphrase) {
            AccessControlled target = context instanceof AccessControlled ? (AccessControlled) context : Jenkins.get();
            if (!target.hasAnyPermission(CredentialsProvider.CREATE, CredentialsProvider.UPDATE)) {
                return FormValidation.ok();
            }
            if (secretKey == null || secretKey.isBlank()) {
                return FormValidation.error("Paste the output of: gpg --armor --export-secret-keys KEYID");
            }
            String key = Secret.fromString(secretKey).getPlainText();
            String pass = passphrase == null ? null : Secret.fromString(passphrase).getPlainText();
            try (SigningKey parsed = SigningKeys.fromArmored(key, pass)) {
                return FormValidation.ok("Signs as " + parsed.fingerprint() + " (key " + parsed.keyId() + ") "
                        + String.join(", ", parsed.userIds()));
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
