package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
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
 * {@code flatpakValidate}: reads a manifest in the workspace on the agent as flatpak-builder reads it and
 * prints the verdict, the warnings and what was read; fails when flatpak-builder would refuse the manifest.
 * Nothing is built and no tool runs. Returns what was read (id, runtime, SDK, branch, command, build order).
 */
public class FlatpakValidateStep extends Step {
    private String manifest;
    private String appId;
    private String arch;

    @DataBoundConstructor
    public FlatpakValidateStep() {}

    public String getManifest() {
        return manifest;
    }

    /** Path of the manifest relative to the workspace; found automatically when empty. */
    @DataBoundSetter
    public void setManifest(String manifest) {
        this.manifest = StepInputs.clean(manifest);
    }

    public String getAppId() {
        return appId;
    }

    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = StepInputs.clean(appId);
    }

    public String getArch() {
        return arch;
    }

    /** The arch to show the build order for; when empty, x86_64, aarch64 and the arches the manifest names. */
    @DataBoundSetter
    public void setArch(String arch) {
        this.arch = StepInputs.clean(arch);
    }

    /** Every problem of the parameters on their own; the first one fails the step. */
    void validate() {
        StepInputs.require(
                StepInputs.workspacePathProblem("manifest path", manifest),
                StepInputs.appIdProblem(appId),
                StepInputs.archProblem(arch));
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new FlatpakValidateExecution(this, context, JenkinsStepServices.INSTANCE);
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "flatpakValidate";
        }

        @Override
        public String getDisplayName() {
            return "Validate a Flatpak manifest as flatpak-builder reads it";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }

        @POST
        public FormValidation doCheckManifest(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.workspacePathProblem("manifest path", StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckAppId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.appIdProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckArch(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.archProblem(StepInputs.clean(value)));
        }
    }
}
