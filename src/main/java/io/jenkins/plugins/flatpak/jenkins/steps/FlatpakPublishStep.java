package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code flatpakPublish}: publishes committed builds into a configured repository, signed with the repository's
 * key or the key of {@code gpgCredentialsId}. Runs on the controller: the key never goes to an agent. Without
 * {@code buildId}, publishes every committed build of this run. A build already published to the repository is
 * not published again. Returns the list of published build ids.
 */
public class FlatpakPublishStep extends Step {
    private final String repo;
    private String buildId;
    private String gpgCredentialsId;

    @DataBoundConstructor
    public FlatpakPublishStep(String repo) {
        this.repo = StepInputs.clean(repo);
    }

    /** The name of a repository configured under Manage Jenkins » System » Flatpak. */
    public String getRepo() {
        return repo;
    }

    public String getBuildId() {
        return buildId;
    }

    @DataBoundSetter
    public void setBuildId(String buildId) {
        this.buildId = StepInputs.clean(buildId);
    }

    /** A signing key credential used instead of the repository's own. */
    public String getGpgCredentialsId() {
        return gpgCredentialsId;
    }

    @DataBoundSetter
    public void setGpgCredentialsId(String gpgCredentialsId) {
        this.gpgCredentialsId = StepInputs.clean(gpgCredentialsId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new FlatpakPublishExecution(this, context, JenkinsStepServices.INSTANCE);
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "flatpakPublish";
        }

        @Override
        public String getDisplayName() {
            return "Publish Flatpak builds into a signed repository";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public FormValidation doCheckRepo(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.repoProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckBuildId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.buildIdProblem(StepInputs.clean(value)));
        }

        @POST
        public ListBoxModel doFillRepoItems(@AncestorInPath Item item, @QueryParameter String repo) {
            return StepForms.publishRepositories(item, StepInputs.clean(repo));
        }

        /** Signing keys the job may use (credentials-plugin's consumer pattern). */
        @POST
        public ListBoxModel doFillGpgCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String gpgCredentialsId) {
            return StepForms.gpgCredentials(item, gpgCredentialsId);
        }
    }
}
