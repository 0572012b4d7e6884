package io.jenkins.plugins.flatpak.jenkins.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatpakGlobalConfigurationTest {
    private static final Path JENKINS_HOME = Path.of("/var/lib/jenkins");

    private static FlatpakGlobalConfiguration config(FlatpakRepositoryConfig... repos) {
        return new FlatpakGlobalConfiguration(null, null, List.of(repos));
    }

    private static FlatpakRepositoryConfig beta() {
        FlatpakRepositoryConfig beta = new FlatpakRepositoryConfig(" beta ", " /srv/flatpak/beta ");
        beta.setTitle("Example Beta");
        beta.setUrl("https://flatpak.example.org/beta");
        beta.setCollectionId("org.example.Beta");
        beta.setGpgCredentialsId("release-key");
        beta.setStaticDeltas(true);
        beta.setPruneDepth(5);
        return beta;
    }

    private static FlatpakRepositoryConfig stable() {
        FlatpakRepositoryConfig stable = new FlatpakRepositoryConfig("stable", "/srv/flatpak/stable");
        stable.setParentRepository("beta");
        return stable;
    }

    @Test
    void pathsDefaultUnderJenkinsHome() {
        FlatpakGlobalConfiguration c = config();
        assertEquals(Path.of("/var/lib/jenkins/flatpak"), c.recordsHomePath(JENKINS_HOME));
        assertEquals(Path.of("/var/lib/jenkins/flatpak/build-repo"), c.buildRepoPath(JENKINS_HOME));
    }

    @Test
    void configuredPathsWin() {
        FlatpakGlobalConfiguration c = new FlatpakGlobalConfiguration("/data/flatpak", null, List.of());
        assertEquals(Path.of("/data/flatpak/build-repo"), c.buildRepoPath(JENKINS_HOME));
        FlatpakGlobalConfiguration d = new FlatpakGlobalConfiguration("/data/flatpak", "/fast/build-repo", List.of());
        assertEquals(Path.of("/fast/build-repo"), d.buildRepoPath(JENKINS_HOME));
        assertEquals(Path.of("/data/flatpak"), d.recordsHomePath(JENKINS_HOME));
    }

    @Test
    void aRepositoryBecomesThePublishTargetTheEngineExpects() {
        PublishTarget target = config(beta(), stable()).buildTarget("beta");
        assertEquals(new PublishTarget("beta", "/srv/flatpak/beta", "Example Beta", "https://flatpak.example.org/beta",
                "org.example.Beta", true, 5), target);
    }

    @Test
    void blankOptionalValuesBecomeNull() {
        FlatpakRepositoryConfig r = new FlatpakRepositoryConfig("beta", "/srv/beta");
        r.setTitle("  ");
        r.setUrl("");
        r.setGpgCredentialsId(" ");
        assertNull(r.getTitle());
        assertNull(r.getUrl());
        assertNull(r.getGpgCredentialsId());
        assertEquals(new PublishTarget("beta", "/srv/beta", null, null, null, false, 0), r.toPublishTarget());
    }

    @Test
    void aRepositoryWithAParentIsRefusedAsABuildTarget() {
        FlatpakGlobalConfiguration c = config(beta(), stable());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.buildTarget("stable"));
        assertTrue(e.getMessage().contains("'stable' has the parent repository 'beta'"), e.getMessage());
        assertTrue(e.getMessage().contains("promotion"), e.getMessage());
        assertTrue(e.getMessage().contains("later release"), e.getMessage());
        assertTrue(e.getMessage().contains("Publish to 'beta' instead"), e.getMessage());
    }

    @Test
    void anUnknownRepositoryNamesTheConfiguredOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> config(beta(), stable()).buildTarget("nightly"));
        assertTrue(e.getMessage().contains("'nightly'"), e.getMessage());
        assertTrue(e.getMessage().contains("configured: beta, stable"), e.getMessage());
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> config().buildTarget("beta"));
        assertTrue(none.getMessage().contains("none are"), none.getMessage());
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> config(beta()).buildTarget("../beta"));
        assertTrue(bad.getMessage().contains("'../beta'"), bad.getMessage());
    }

    @Test
    void anInvalidStoredRepositoryFailsWhenUsedNamingTheValue() {
        FlatpakRepositoryConfig broken = new FlatpakRepositoryConfig("beta", "relative/path");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> config(broken).buildTarget("beta"));
        assertTrue(e.getMessage().contains("'relative/path'"), e.getMessage());
    }

    @Test
    void lookupIsByExactName() {
        FlatpakRepositoryConfig b = beta();
        FlatpakGlobalConfiguration c = config(b, stable());
        assertSame(b, c.repository("beta"));
        assertNull(c.repository("Beta"));
        assertTrue(c.repository("stable").hasParent());
        assertFalse(c.repository("beta").hasParent());
    }

    @Test
    void theRepositoryListCannotBeChangedFromOutside() {
        FlatpakGlobalConfiguration c = config(beta());
        assertThrows(UnsupportedOperationException.class, () -> c.getRepositories().add(stable()));
        assertEquals(1, c.getRepositories().size());
    }

    @Test
    void settersRefuseInvalidValuesBeforeStoringThem() {
        FlatpakGlobalConfiguration c = config(beta());
        // An invalid value is refused before save() is reached (the stub's save() would throw UnsupportedOperationException).
        assertThrows(InvalidInputException.class, () -> c.setBuildRepo("relative"));
        assertThrows(InvalidInputException.class, () -> c.setRecordsHome("/a/../b"));
        assertThrows(InvalidInputException.class, () -> c.setRepositories(List.of(stable())));
        assertNull(c.getBuildRepo());
        assertNull(c.getRecordsHome());
        assertEquals(List.of("beta"), c.getRepositories().stream().map(FlatpakRepositoryConfig::getName).toList());
    }
}
