package io.jenkins.plugins.flatpak.engine.build;

import java.io.Serializable;
import java.time.Duration;

/**
 * What to build. Either {@code sourceDir} (a directory on the machine that builds) or {@code gitUrl} (+
 * {@code gitBranch}) is set. Plain data so it can travel to a Jenkins agent; validated by
 * {@link FlatpakBuilder} on the machine that uses it.
 *
 * @param manifest      manifest path relative to the source tree, or null to find it
 * @param appId         expected app id, or null to take the manifest's
 * @param arch          target arch, or null for the host's default
 * @param branch        the default branch flatpak-builder exports, or null for the manifest's (else "master")
 * @param stateDir      flatpak-builder state dir (cache), or null for one per app/arch/branch under the work dir
 * @param installDepsFrom remote to install missing runtime/SDK from, or null
 * @param timeout       flatpak-builder timeout, or null for 30 minutes
 * @param cacheRetention what to keep of the state dir after the build, or null for the builder's default
 *                      ({@link FlatpakBuilder#withRetention})
 */
public record BuildSpec(String sourceDir, String gitUrl, String gitBranch, String manifest, String appId, String arch,
        String branch, String stateDir, String installDepsFrom, boolean ccache, boolean sandbox, Duration timeout,
        CacheRetention cacheRetention)
        implements Serializable {

    /** A spec with the builder's default cache retention. */
    public BuildSpec(String sourceDir, String gitUrl, String gitBranch, String manifest, String appId, String arch,
            String branch, String stateDir, String installDepsFrom, boolean ccache, boolean sandbox, Duration timeout) {
        this(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, installDepsFrom, ccache, sandbox,
                timeout, null);
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public static BuildSpec fromDirectory(String sourceDir, String manifest) {
        return new BuildSpec(sourceDir, null, null, manifest, null, null, null, null, null, false, false, null);
    }

    public static BuildSpec fromGit(String gitUrl, String gitBranch, String manifest) {
        return new BuildSpec(null, gitUrl, gitBranch, manifest, null, null, null, null, null, false, false, null);
    }

    public BuildSpec withAppId(String v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, v, arch, branch, stateDir, installDepsFrom, ccache, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withArch(String v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, v, branch, stateDir, installDepsFrom, ccache, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withBranch(String v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, v, stateDir, installDepsFrom, ccache, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withStateDir(String v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, v, installDepsFrom, ccache, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withInstallDepsFrom(String v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, v, ccache, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withCcache(boolean v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, installDepsFrom, v, sandbox, timeout, cacheRetention);
    }

    public BuildSpec withSandbox(boolean v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, installDepsFrom, ccache, v, timeout, cacheRetention);
    }

    public BuildSpec withTimeout(Duration v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, installDepsFrom, ccache, sandbox, v, cacheRetention);
    }

    public BuildSpec withCacheRetention(CacheRetention v) {
        return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir, installDepsFrom, ccache, sandbox, timeout, v);
    }

    public Duration effectiveTimeout() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
}
