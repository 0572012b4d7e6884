package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
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
 * {@code flatpakBuild}: runs flatpak-builder on the agent of the enclosing {@code node}, from a manifest in the
 * workspace or a git repository, and imports the result into the controller's build-repo. Returns the build id.
 */
public class FlatpakBuildStep extends Step {
    public static final int DEFAULT_TIMEOUT_MINUTES = 30;

    private String manifest;
    private String gitUrl;
    private String gitBranch;
    private String credentialsId;
    private String appId;
    private String arch;
    private String branch;
    private String stateDir;
    private String installDepsFrom;
    private int timeout = DEFAULT_TIMEOUT_MINUTES;
    private boolean ccache;
    private boolean sandbox;

    @DataBoundConstructor
    public FlatpakBuildStep() {}

    public String getManifest() {
        return manifest;
    }

    /** Path of the manifest relative to the workspace (or the git checkout); found automatically when empty. */
    @DataBoundSetter
    public void setManifest(String manifest) {
        this.manifest = StepInputs.clean(manifest);
    }

    public String getGitUrl() {
        return gitUrl;
    }

    @DataBoundSetter
    public void setGitUrl(String gitUrl) {
        this.gitUrl = StepInputs.clean(gitUrl);
    }

    public String getGitBranch() {
        return gitBranch;
    }

    @DataBoundSetter
    public void setGitBranch(String gitBranch) {
        this.gitBranch = StepInputs.clean(gitBranch);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = StepInputs.clean(credentialsId);
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

    @DataBoundSetter
    public void setArch(String arch) {
        this.arch = StepInputs.clean(arch);
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = StepInputs.clean(branch);
    }

    public String getStateDir() {
        return stateDir;
    }

    @DataBoundSetter
    public void setStateDir(String stateDir) {
        this.stateDir = StepInputs.clean(stateDir);
    }

    public String getInstallDepsFrom() {
        return installDepsFrom;
    }

    @DataBoundSetter
    public void setInstallDepsFrom(String installDepsFrom) {
        this.installDepsFrom = StepInputs.clean(installDepsFrom);
    }

    /** Minutes flatpak-builder may run before its process tree is killed. */
    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isCcache() {
        return ccache;
    }

    @DataBoundSetter
    public void setCcache(boolean ccache) {
        this.ccache = ccache;
    }

    public boolean isSandbox() {
        return sandbox;
    }

    @DataBoundSetter
    public void setSandbox(boolean sandbox) {
        this.sandbox = sandbox;
    }

    /** Every problem of the parameters on their own, before anything runs; the first one fails the step. */
    void validate() {
        StepInputs.require(
                StepInputs.workspacePathProblem("manifest path", manifest),
                StepInputs.gitUrlProblem(gitUrl),
                gitUrl == null && gitBranch != null ? "gitBranch is set but gitUrl is not; give the repository URL too" : null,
                gitUrl == null && credentialsId != null ? "credentialsId is set but gitUrl is not; it is used to clone gitUrl" : null,
                StepInputs.gitBranchProblem(gitBranch),
                StepInputs.credentialsIdProblem(credentialsId),
                StepInputs.appIdProblem(appId),
                StepInputs.archProblem(arch),
                StepInputs.branchProblem(branch),
                StepInputs.stateDirProblem(stateDir),
                StepInputs.remoteNameProblem(installDepsFrom),
                StepInputs.timeoutProblem(timeout));
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new FlatpakBuildExecution(this, context, JenkinsStepServices.INSTANCE);
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "flatpakBuild";
        }

        @Override
        public String getDisplayName() {
            return "Build a Flatpak application with flatpak-builder";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public FormValidation doCheckManifest(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.workspacePathProblem("manifest path", StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckGitUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.gitUrlProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckGitBranch(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.gitBranchProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckAppId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.appIdProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckArch(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.archProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckBranch(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.branchProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckStateDir(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.stateDirProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckInstallDepsFrom(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepInputs.remoteNameProblem(StepInputs.clean(value)));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.check(item, () -> StepForms.timeoutProblem(value));
        }

        /** Git credentials the job may use (credentials-plugin's consumer pattern). */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return StepForms.gitCredentials(item, credentialsId);
        }
    }
}
