package io.jenkins.plugins.flatpak.jenkins.config;

import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The plugin's global settings (Manage Jenkins » System, and {@code unclassified: flatpak:} in
 * configuration as code): where build records and the shared build-repo live, and the repositories
 * builds are published into. Setters check their value with {@link RepositoryRules} before taking it.
 */
@Extension
@Symbol("flatpak")
public class FlatpakGlobalConfiguration extends GlobalConfiguration {
    private String recordsHome;
    private String buildRepo;
    private List<FlatpakRepositoryConfig> repositories = new ArrayList<>();

    public FlatpakGlobalConfiguration() {
        load();
    }

    /** Settings that are not loaded from or saved to disk (setters still save): for tests. */
    FlatpakGlobalConfiguration(String recordsHome, String buildRepo, List<FlatpakRepositoryConfig> repositories) {
        this.recordsHome = FlatpakRepositoryConfig.clean(recordsHome);
        this.buildRepo = FlatpakRepositoryConfig.clean(buildRepo);
        this.repositories = new ArrayList<>(repositories);
    }

    public static FlatpakGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(FlatpakGlobalConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "Flatpak";
    }

    /** Where build records and logs are kept; null means {@code $JENKINS_HOME/flatpak}. */
    public String getRecordsHome() {
        return recordsHome;
    }

    @DataBoundSetter
    public void setRecordsHome(String recordsHome) {
        String value = FlatpakRepositoryConfig.clean(recordsHome);
        refuse(value == null ? null : RepositoryRules.pathProblem("records home", value));
        this.recordsHome = value;
        save();
    }

    /** The shared OSTree build-repo every build is imported into; null means {@code <records home>/build-repo}. */
    public String getBuildRepo() {
        return buildRepo;
    }

    @DataBoundSetter
    public void setBuildRepo(String buildRepo) {
        String value = FlatpakRepositoryConfig.clean(buildRepo);
        refuse(value == null ? null : RepositoryRules.pathProblem("build-repo", value));
        this.buildRepo = value;
        save();
    }

    public List<FlatpakRepositoryConfig> getRepositories() {
        return repositories == null ? List.of() : List.copyOf(repositories);
    }

    /** Replaces every repository; refuses the whole list when one of them breaks a {@link RepositoryRules} rule. */
    @DataBoundSetter
    public void setRepositories(List<FlatpakRepositoryConfig> repositories) {
        List<FlatpakRepositoryConfig> list = repositories == null ? List.of() : List.copyOf(repositories);
        RepositoryRules.check(list, configuredBuildRepo());
        this.repositories = new ArrayList<>(list);
        save();
    }

    /** The records home in effect on this controller. */
    public Path recordsHomePath() {
        return recordsHomePath(Jenkins.get().getRootDir().toPath());
    }

    Path recordsHomePath(Path jenkinsHome) {
        return recordsHome != null ? Path.of(recordsHome).normalize() : jenkinsHome.resolve("flatpak").toAbsolutePath().normalize();
    }

    /** The build-repo in effect on this controller. */
    public Path buildRepoPath() {
        return buildRepoPath(Jenkins.get().getRootDir().toPath());
    }

    Path buildRepoPath(Path jenkinsHome) {
        return buildRepo != null ? Path.of(buildRepo).normalize() : recordsHomePath(jenkinsHome).resolve("build-repo");
    }

    /** The engine's configuration on the controller: records home, build-repo, and {@code <records home>/work}. */
    public EngineConfig engineConfig(ToolRunner runner) {
        Path home = recordsHomePath();
        return new EngineConfig(home, buildRepoPath(), home.resolve("work"), runner);
    }

    /** The repository with this name, or null. */
    public FlatpakRepositoryConfig repository(String name) {
        for (FlatpakRepositoryConfig repo : getRepositories()) {
            if (repo.getName() != null && repo.getName().equals(name)) {
                return repo;
            }
        }
        return null;
    }

    /**
     * The repository a build may be published to under this name: it must be configured, valid, and
     * have no parent (a repository with a parent receives builds only by promotion).
     *
     * @throws InvalidInputException naming the repository and the reason
     */
    public FlatpakRepositoryConfig buildTargetRepository(String name) {
        Names.repoName(name);
        FlatpakRepositoryConfig repo = repository(name);
        if (repo == null) {
            List<String> names = getRepositories().stream().map(FlatpakRepositoryConfig::getName).collect(Collectors.toList());
            throw new InvalidInputException("no Flatpak repository named " + Names.quote(name) + " is configured"
                    + (names.isEmpty() ? " (none are; add one under Manage Jenkins » System » Flatpak)" : "; configured: " + String.join(", ", names)));
        }
        if (repo.hasParent()) {
            throw new InvalidInputException("repository " + Names.quote(name) + " has the parent repository "
                    + Names.quote(repo.getParentRepository()) + ": builds are published only to repositories without a parent; "
                    + Names.quote(name) + " will receive builds by promotion from " + Names.quote(repo.getParentRepository())
                    + ", which comes in a later release. Publish to " + Names.quote(rootOf(repo)) + " instead.");
        }
        return repo;
    }

    /** {@link #buildTargetRepository(String)} as the engine's publish target. */
    public PublishTarget buildTarget(String name) {
        return buildTargetRepository(name).toPublishTarget();
    }

    private String rootOf(FlatpakRepositoryConfig repo) {
        FlatpakRepositoryConfig current = repo;
        for (int hops = 0; current.hasParent() && hops < 64; hops++) {
            FlatpakRepositoryConfig parent = repository(current.getParentRepository());
            if (parent == null) {
                return current.getParentRepository();
            }
            current = parent;
        }
        return current.getName();
    }

    /**
     * Binds the submitted form. A form without repositories leaves the field out, so the list is
     * emptied first; nothing is saved unless every value is accepted.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        String oldRecordsHome = recordsHome;
        String oldBuildRepo = buildRepo;
        List<FlatpakRepositoryConfig> oldRepositories = repositories;
        try (BulkChange bc = new BulkChange(this)) {
            repositories = new ArrayList<>();
            req.bindJSON(this, json);
            RepositoryRules.check(getRepositories(), configuredBuildRepo());
            bc.commit();
        } catch (IOException e) {
            throw new FormException("could not save the Flatpak configuration: " + e.getMessage(), e, "repositories");
        } catch (RuntimeException e) {
            recordsHome = oldRecordsHome;
            buildRepo = oldBuildRepo;
            repositories = oldRepositories;
            InvalidInputException invalid = invalidInput(e);
            if (invalid == null) {
                throw e;
            }
            throw new FormException(invalid.getMessage(), "repositories");
        }
        return true;
    }

    @POST
    public FormValidation doCheckRecordsHome(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        String v = FlatpakRepositoryConfig.clean(value);
        String problem = v == null ? null : RepositoryRules.pathProblem("records home", v);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    @POST
    public FormValidation doCheckBuildRepo(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        String v = FlatpakRepositoryConfig.clean(value);
        String problem = v == null ? null : RepositoryRules.pathProblem("build-repo", v);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    /** The build-repo as configured, without needing Jenkins for the default; null when it is the default. */
    private Path configuredBuildRepo() {
        return buildRepo == null ? null : Path.of(buildRepo).normalize();
    }

    private static void refuse(String problem) {
        if (problem != null) {
            throw new InvalidInputException(problem);
        }
    }

    private static InvalidInputException invalidInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException) {
                return (InvalidInputException) c;
            }
        }
        return null;
    }
}
