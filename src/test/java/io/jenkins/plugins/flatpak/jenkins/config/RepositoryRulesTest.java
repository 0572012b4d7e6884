package io.jenkins.plugins.flatpak.jenkins.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryRulesTest {
    private static FlatpakRepositoryConfig repo(String name, String path) {
        return new FlatpakRepositoryConfig(name, path);
    }

    private static FlatpakRepositoryConfig child(String name, String path, String parent) {
        FlatpakRepositoryConfig r = repo(name, path);
        r.setParentRepository(parent);
        return r;
    }

    @Test
    void namesFollowTheEngineGrammar() {
        assertNull(RepositoryRules.nameProblem("beta"));
        assertNull(RepositoryRules.nameProblem("stable-2.0"));
        assertTrue(RepositoryRules.nameProblem("../etc").contains("'../etc'"));
        assertNotNull(RepositoryRules.nameProblem("a b"));
        assertNotNull(RepositoryRules.nameProblem(null));
        assertNotNull(RepositoryRules.nameProblem("x".repeat(65)));
    }

    @Test
    void pathsMustBeAbsoluteWithoutTraversalOrControlCharacters() {
        assertNull(RepositoryRules.pathProblem("path", "/srv/flatpak/beta"));
        assertTrue(RepositoryRules.pathProblem("path", "srv/beta").contains("absolute"));
        assertTrue(RepositoryRules.pathProblem("path", "/srv/../etc").contains("'..'"));
        assertTrue(RepositoryRules.pathProblem("path", "/srv/be\nta").contains("control characters"));
        assertTrue(RepositoryRules.pathProblem("path", "/").contains("root"));
        assertTrue(RepositoryRules.pathProblem("path", null).contains("required"));
    }

    @Test
    void optionalFieldsAcceptEmptyAndRefuseNonsense() {
        assertNull(RepositoryRules.urlProblem(null));
        assertNull(RepositoryRules.urlProblem("https://flatpak.example.org/repo"));
        assertNull(RepositoryRules.urlProblem("file:///srv/flatpak/beta"));
        assertNotNull(RepositoryRules.urlProblem("javascript:alert(1)"));
        assertNotNull(RepositoryRules.urlProblem("https://exa mple.org"));
        assertNull(RepositoryRules.collectionIdProblem("org.example.Apps"));
        assertTrue(RepositoryRules.collectionIdProblem("apps").contains("three"));
        assertNull(RepositoryRules.titleProblem("Example Apps"));
        assertNotNull(RepositoryRules.titleProblem("two\nlines"));
        assertNull(RepositoryRules.pruneDepthProblem(0));
        assertNotNull(RepositoryRules.pruneDepthProblem(-1));
    }

    @Test
    void aValidListPasses() {
        assertDoesNotThrow(() -> RepositoryRules.check(List.of(
                repo("beta", "/srv/flatpak/beta"),
                child("stable", "/srv/flatpak/stable", "beta")), Path.of("/var/lib/jenkins/flatpak/build-repo")));
    }

    @Test
    void duplicateNamesAreRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                repo("beta", "/srv/a"), repo("beta", "/srv/b")), null));
        assertTrue(e.getMessage().contains("'beta' is used more than once"), e.getMessage());
    }

    @Test
    void sameOrNestedDirectoriesAreRefused() {
        InvalidInputException nested = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                repo("beta", "/srv/flatpak"), repo("stable", "/srv/flatpak/stable")), null));
        assertTrue(nested.getMessage().contains("same or nested"), nested.getMessage());
        InvalidInputException same = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                repo("beta", "/srv/flatpak/x"), repo("stable", "/srv/flatpak/x/")), null));
        assertTrue(same.getMessage().contains("same or nested"), same.getMessage());
    }

    @Test
    void aRepositoryInsideTheBuildRepoIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                repo("beta", "/var/lib/jenkins/flatpak/build-repo/beta")), Path.of("/var/lib/jenkins/flatpak/build-repo")));
        assertTrue(e.getMessage().contains("overlaps the build-repo"), e.getMessage());
    }

    @Test
    void parentsMustExistAndNotLoop() {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                child("stable", "/srv/stable", "beta")), null));
        assertTrue(missing.getMessage().contains("parent repository 'beta' of repository 'stable' is not configured"),
                missing.getMessage());
        InvalidInputException self = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                child("beta", "/srv/beta", "beta")), null));
        assertTrue(self.getMessage().contains("its own parent"), self.getMessage());
        InvalidInputException cycle = assertThrows(InvalidInputException.class, () -> RepositoryRules.check(List.of(
                child("a", "/srv/a", "b"), child("b", "/srv/b", "a")), null));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        FlatpakRepositoryConfig bad = repo("bad name", "relative");
        bad.setUrl("ftp://x");
        bad.setPruneDepth(-3);
        List<String> problems = RepositoryRules.problems(bad);
        assertEquals(4, problems.size(), problems.toString());
    }
}
