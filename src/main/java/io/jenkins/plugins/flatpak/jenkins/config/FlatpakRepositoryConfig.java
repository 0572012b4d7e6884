package io.jenkins.plugins.flatpak.jenkins.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.jenkins.credentials.GpgSigningKeyCredentials;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One OSTree repository that builds are published into, as configured on the global configuration
 * page or with configuration as code. Values are stored as entered (trimmed, blank as null) and checked
 * by {@link RepositoryRules}; {@link #toPublishTarget()} is what the engine receives.
 */
public final class FlatpakRepositoryConfig implements Describable<FlatpakRepositoryConfig> {
    private final String name;
    private final String path;
    private String title;
    private String url;
    private String collectionId;
    private String parentRepository;
    private String gpgCredentialsId;
    private String gpgPassphraseCredentialsId;
    private boolean staticDeltas;
    private int pruneDepth;
    private String allowedJobs;

    @DataBoundConstructor
    public FlatpakRepositoryConfig(String name, String path) {
        this.name = clean(name);
        this.path = clean(path);
    }

    public String getName() {
        return name;
    }

    /** The OSTree repository directory on the controller. */
    public String getPath() {
        return path;
    }

    public String getTitle() {
        return title;
    }

    @DataBoundSetter
    public void setTitle(String title) {
        this.title = clean(title);
    }

    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = clean(url);
    }

    public String getCollectionId() {
        return collectionId;
    }

    @DataBoundSetter
    public void setCollectionId(String collectionId) {
        this.collectionId = clean(collectionId);
    }

    /** The repository this one is promoted from, or null for a repository that builds are published to. */
    public String getParentRepository() {
        return parentRepository;
    }

    @DataBoundSetter
    public void setParentRepository(String parentRepository) {
        this.parentRepository = clean(parentRepository);
    }

    /** Id of a {@link GpgSigningKeyCredentials} or a secret file holding an armored secret key; null for unsigned. */
    public String getGpgCredentialsId() {
        return gpgCredentialsId;
    }

    @DataBoundSetter
    public void setGpgCredentialsId(String gpgCredentialsId) {
        this.gpgCredentialsId = clean(gpgCredentialsId);
    }

    /** Id of a secret text holding the passphrase of a key kept as a secret file; null when there is none. */
    public String getGpgPassphraseCredentialsId() {
        return gpgPassphraseCredentialsId;
    }

    @DataBoundSetter
    public void setGpgPassphraseCredentialsId(String gpgPassphraseCredentialsId) {
        this.gpgPassphraseCredentialsId = clean(gpgPassphraseCredentialsId);
    }

    public boolean isStaticDeltas() {
        return staticDeltas;
    }

    @DataBoundSetter
    public void setStaticDeltas(boolean staticDeltas) {
        this.staticDeltas = staticDeltas;
    }

    /** Commits kept per ref when the summary is updated; 0 keeps everything. */
    public int getPruneDepth() {
        return pruneDepth;
    }

    @DataBoundSetter
    public void setPruneDepth(int pruneDepth) {
        this.pruneDepth = pruneDepth;
    }

    /**
     * The jobs that may publish into this repository, one job full name, folder ({@code team/}) or pattern
     * ({@code team/*-release}, {@code apps/**}) per line; null lets any job publish its own builds. See
     * {@link AllowedJobs}.
     */
    public String getAllowedJobs() {
        return allowedJobs;
    }

    @DataBoundSetter
    public void setAllowedJobs(String allowedJobs) {
        this.allowedJobs = AllowedJobs.normalize(allowedJobs);
    }

    /**
     * {@link #getAllowedJobs()} as rules.
     *
     * @throws InvalidInputException when an entry is not a job name, folder or pattern, naming it
     */
    public AllowedJobs allowedJobs() {
        return AllowedJobs.parse(allowedJobs);
    }

    public boolean hasParent() {
        return parentRepository != null;
    }

    /**
     * The engine's view of this repository.
     *
     * @throws InvalidInputException when a value is not acceptable, naming it
     */
    public PublishTarget toPublishTarget() {
        List<String> problems = RepositoryRules.problems(this);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join("; ", problems));
        }
        return new PublishTarget(name, path, title, url, collectionId, staticDeltas, pruneDepth);
    }

    @Override
    public String toString() {
        return "FlatpakRepositoryConfig[" + name + " at " + path + (parentRepository == null ? "" : ", parent " + parentRepository) + "]";
    }

    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** The form of a repository entry; every check and list needs Overall/Administer. */
    @Extension
    public static final class DescriptorImpl extends Descriptor<FlatpakRepositoryConfig> {
        @Override
        public String getDisplayName() {
            return "Flatpak repository";
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.nameProblem(clean(value)));
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.pathProblem("repository path", clean(value)));
        }

        @POST
        public FormValidation doCheckTitle(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.titleProblem(clean(value)));
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.urlProblem(clean(value)));
        }

        @POST
        public FormValidation doCheckCollectionId(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.collectionIdProblem(clean(value)));
        }

        @POST
        public FormValidation doCheckParentRepository(@QueryParameter String value, @QueryParameter String name) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            String parent = clean(value);
            if (parent == null) {
                return FormValidation.ok();
            }
            String problem = RepositoryRules.nameProblem(parent);
            if (problem != null) {
                return FormValidation.error(problem);
            }
            if (parent.equals(clean(name))) {
                return FormValidation.error("a repository cannot be its own parent");
            }
            return FormValidation.warning("Builds cannot be published to a repository with a parent: it will receive "
                    + "builds by promotion from " + Names.quote(parent) + ", which comes in a later release.");
        }

        @POST
        public FormValidation doCheckAllowedJobs(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return result(RepositoryRules.allowedJobsProblem(value));
        }

        @POST
        public FormValidation doCheckPruneDepth(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            String v = clean(value);
            if (v == null) {
                return FormValidation.ok();
            }
            try {
                return result(RepositoryRules.pruneDepthProblem(Integer.parseInt(v)));
            } catch (NumberFormatException e) {
                return FormValidation.error("invalid prune depth " + Names.quote(v) + ": it must be a whole number, 0 or more");
            }
        }

        /** Keys a build can use: GLOBAL-scope Flatpak GPG keys and secret files (credentials-plugin's consumer pattern). */
        @POST
        public ListBoxModel doFillGpgCredentialsIdItems(@QueryParameter String gpgCredentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(gpgCredentialsId);
            }
            CredentialsMatcher keys = CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(GpgSigningKeyCredentials.class),
                    CredentialsMatchers.instanceOf(FileCredentials.class));
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(),
                            CredentialsMatchers.allOf(keys, CredentialsMatchers.withScope(CredentialsScope.GLOBAL)))
                    .includeCurrentValue(gpgCredentialsId);
        }

        /** Passphrases for keys kept as secret files: GLOBAL-scope secret texts. */
        @POST
        public ListBoxModel doFillGpgPassphraseCredentialsIdItems(@QueryParameter String gpgPassphraseCredentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(gpgPassphraseCredentialsId);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(),
                            CredentialsMatchers.allOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                                    CredentialsMatchers.withScope(CredentialsScope.GLOBAL)))
                    .includeCurrentValue(gpgPassphraseCredentialsId);
        }

        private static FormValidation result(String problem) {
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }
    }
}
