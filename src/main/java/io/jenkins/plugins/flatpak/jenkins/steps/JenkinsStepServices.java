package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.jenkins.config.AllowedJobs;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration;
import io.jenkins.plugins.flatpak.jenkins.credentials.SigningKeyResolver;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakHome;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@link StepServices} from Jenkins: global configuration, credentials in the run's context, the node's workspace. */
final class JenkinsStepServices implements StepServices {
    static final JenkinsStepServices INSTANCE = new JenkinsStepServices();

    private JenkinsStepServices() {}

    @Override
    public FlatpakHome home() {
        return FlatpakHome.get();
    }

    @Override
    public PublishTarget publishTarget(String repo) {
        return FlatpakGlobalConfiguration.get().buildTarget(repo);
    }

    @Override
    public AllowedJobs allowedJobs(String repo) {
        return FlatpakGlobalConfiguration.get().buildTargetRepository(repo).allowedJobs();
    }

    @Override
    public SigningKey signingKey(String repo, String gpgCredentialsId, Run<?, ?> run) throws IOException {
        if (gpgCredentialsId != null) {
            return SigningKeyResolver.resolve(run, gpgCredentialsId, null);
        }
        return SigningKeyResolver.resolve(run, FlatpakGlobalConfiguration.get().buildTargetRepository(repo));
    }

    @Override
    public AgentWorkspace workspace(StepContext context) throws IOException, InterruptedException {
        FilePath ws = context.get(FilePath.class);
        if (ws == null) {
            throw new AbortException("flatpakBuild needs a workspace: call it inside node { ... } (or a stage with an agent)");
        }
        return new FilePathWorkspace(ws);
    }
}
