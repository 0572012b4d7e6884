package io.jenkins.plugins.flatpak.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder and the {@code with…} methods change exactly the components they name. */
class BuildSpecTest {
    private static final BuildSpec FULL = new BuildSpec("src", "https://example.org/r.git", "main", "m.yml",
            "org.example.A", "x86_64", "stable", "state", "flathub", true, true, Duration.ofMinutes(5),
            CacheRetention.maxBytes(1024));

    @Test
    void toBuilderKeepsEveryComponent() {
        assertEquals(FULL, FULL.toBuilder().build());
    }

    @Test
    void eachWitherChangesOneComponent() {
        assertEquals(new BuildSpec("src", "https://example.org/r.git", "main", "m.yml", "org.example.B", "x86_64",
                "stable", "state", "flathub", true, true, Duration.ofMinutes(5), CacheRetention.maxBytes(1024)),
                FULL.withAppId("org.example.B"));
        assertEquals("aarch64", FULL.withArch("aarch64").arch());
        assertEquals("beta", FULL.withBranch("beta").branch());
        assertEquals("s2", FULL.withStateDir("s2").stateDir());
        assertNull(FULL.withInstallDepsFrom(null).installDepsFrom());
        assertEquals(false, FULL.withCcache(false).ccache());
        assertEquals(false, FULL.withSandbox(false).sandbox());
        assertEquals(Duration.ofMinutes(9), FULL.withTimeout(Duration.ofMinutes(9)).timeout());
        assertNull(FULL.withCacheRetention(null).cacheRetention());
        BuildSpec changed = FULL.withArch("aarch64");
        assertEquals(FULL, changed.withArch("x86_64"), "nothing else changed");
    }

    @Test
    void factoriesSetOnlyTheSource() {
        assertEquals(new BuildSpec("dir", null, null, "m.yml", null, null, null, null, null, false, false, null),
                BuildSpec.fromDirectory("dir", "m.yml"));
        assertEquals(new BuildSpec(null, "https://example.org/r.git", "main", null, null, null, null, null, null,
                false, false, null), BuildSpec.fromGit("https://example.org/r.git", "main", null));
        assertEquals(BuildSpec.DEFAULT_TIMEOUT, BuildSpec.builder().build().effectiveTimeout());
    }
}
