package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.jenkins.config.AllowedJobs;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakHome;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What the step executions need from the controller: the engine, the configured repositories and keys, and the
 * agent workspace. {@link JenkinsStepServices} answers from Jenkins; tests answer from test doubles.
 */
public interface StepServices {
    FlatpakHome home();

    /**
     * The repository named {@code repo} as a publish target.
     *
     * @throws io.jenkins.plugins.flatpak.engine.InvalidInputException when it is not configured or has a parent
     */
    PublishTarget publishTarget(String repo);

    /**
     * The jobs that may publish into {@code repo}: {@link AllowedJobs#ANY} when the repository does not restrict them.
     *
     * @throws io.jenkins.plugins.flatpak.engine.InvalidInputException when it is not configured or its list is invalid
     */
    AllowedJobs allowedJobs(String repo);

    /**
     * The key to sign publishes to {@code repo} with: the one of {@code gpgCredentialsId} when given, else the
     * repository's; null when the repository is unsigned. Credentials are resolved in the run's context.
     */
    SigningKey signingKey(String repo, String gpgCredentialsId, Run<?, ?> run) throws IOException, InterruptedException;

    /** The workspace of the enclosing {@code node}. */
    AgentWorkspace workspace(StepContext context) throws IOException, InterruptedException;
}
