package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.Item;
import hudson.util.FormValidation;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code flatpakCommit}: validates built builds in the build-repo (refs, metadata, commits) and marks them ready
 * to publish. Without {@code buildId}, commits every build of this run that is built and not yet committed.
 * Runs on the controller, where the build-repo is. Returns the list of committed build ids.
 */
public class FlatpakCommitStep extends Step {
    private String buildId;

    @DataBoundConstructor
    public FlatpakCommitStep() {}

    public String getBuildId() {
        return buildId;
    }

    @DataBoundSetter
    public void setBuildId(String buildId) {
        this.buildId = StepInputs.clean(buildId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new FlatpakCommitExecution(this, context, JenkinsStepServices.INSTANCE);
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "flatpakCommit";
        }

        @Override
        public String getDisplayName() {
            return "Validate and commit Flatpak builds";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public FormValidation doCheckBuildId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.buildIdProblem(StepInputs.clean(value)));
        }
    }
}
