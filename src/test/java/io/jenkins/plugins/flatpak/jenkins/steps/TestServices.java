package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.jenkins.config.AllowedJobs;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakHome;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The controller side of the steps in tests: a real engine in a home of its own (records, build-repo), publish
 * targets by name, armored keys by credentials id (parsed anew for every publish, as the resolver does), and one
 * agent workspace.
 */
public final class TestServices implements StepServices {
    private final FlatpakHome home;
    private final AgentWorkspace workspace;
    private final Map<String, PublishTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, String> repoKeys = new ConcurrentHashMap<>();
    private final Map<String, AllowedJobs> allowedJobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, char[]> passphrases = new ConcurrentHashMap<>();
    final AtomicInteger keyLookups = new AtomicInteger();

    public TestServices(Path controllerHome, ToolRunner controllerRunner, AgentWorkspace workspace) {
        this.home = new FlatpakHome(EngineConfig.inHome(controllerHome, controllerRunner));
        this.workspace = workspace;
    }

    /** A controller home under the test work dir, with the shared flatpak user installation. */
    public static TestServices create(AgentWorkspace workspace) {
        return new TestServices(FlatpakTestEnv.tempDir("controller-home"), FlatpakTestEnv.runner(), workspace);
    }

    public TestServices repository(PublishTarget target, String keyCredentialsId) {
        targets.put(target.name(), target);
        if (keyCredentialsId != null) {
            repoKeys.put(target.name(), keyCredentialsId);
        }
        return this;
    }

    /** Restricts who publishes into the repository, as its Allowed jobs field does (one entry per line). */
    public TestServices allowedJobs(String repo, String entries) {
        allowedJobs.put(repo, AllowedJobs.parse(entries));
        return this;
    }

    public TestServices credential(String id, byte[] armoredSecretKey, char[] passphrase) {
        keys.put(id, armoredSecretKey.clone());
        if (passphrase != null) {
            passphrases.put(id, passphrase.clone());
        }
        return this;
    }

    @Override
    public FlatpakHome home() {
        return home;
    }

    @Override
    public PublishTarget publishTarget(String repo) {
        PublishTarget t = targets.get(repo);
        if (t == null) {
            throw new InvalidInputException("no Flatpak repository named " + Names.quote(repo) + " is configured");
        }
        return t;
    }

    @Override
    public AllowedJobs allowedJobs(String repo) {
        publishTarget(repo);
        return allowedJobs.getOrDefault(repo, AllowedJobs.ANY);
    }

    @Override
    public SigningKey signingKey(String repo, String gpgCredentialsId, Run<?, ?> run) {
        keyLookups.incrementAndGet();
        String id = gpgCredentialsId != null ? gpgCredentialsId : repoKeys.get(repo);
        if (id == null) {
            return null;
        }
        byte[] key = keys.get(id);
        if (key == null) {
            throw new InvalidInputException("no credentials with id " + Names.quote(id));
        }
        return SigningKey.parse(key, passphrases.get(id));
    }

    @Override
    public AgentWorkspace workspace(StepContext context) {
        return workspace;
    }
}
