package io.jenkins.plugins.flatpak.engine.build;

import java.io.Serializable;
import java.time.Duration;

/**
 * What to build. Either {@code sourceDir} (a directory on the machine that builds) or {@code gitUrl} (+
 * {@code gitBranch}) is set. Plain data so it can travel to a Jenkins agent; validated by
 * {@link FlatpakBuilder} on the machine that uses it. Make one with {@link #fromDirectory} or {@link #fromGit} and
 * the {@code with…} methods, or with a {@link Builder} ({@link #builder()}, {@link #toBuilder()}).
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
        return builder().sourceDir(sourceDir).manifest(manifest).build();
    }

    public static BuildSpec fromGit(String gitUrl, String gitBranch, String manifest) {
        return builder().gitUrl(gitUrl).gitBranch(gitBranch).manifest(manifest).build();
    }

    /** An empty builder: every component null or false. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's components, to make a spec that differs in some of them. */
    public Builder toBuilder() {
        return new Builder().sourceDir(sourceDir).gitUrl(gitUrl).gitBranch(gitBranch).manifest(manifest).appId(appId)
                .arch(arch).branch(branch).stateDir(stateDir).installDepsFrom(installDepsFrom).ccache(ccache)
                .sandbox(sandbox).timeout(timeout).cacheRetention(cacheRetention);
    }

    public BuildSpec withAppId(String v) { return toBuilder().appId(v).build(); }
    public BuildSpec withArch(String v) { return toBuilder().arch(v).build(); }
    public BuildSpec withBranch(String v) { return toBuilder().branch(v).build(); }
    public BuildSpec withStateDir(String v) { return toBuilder().stateDir(v).build(); }
    public BuildSpec withInstallDepsFrom(String v) { return toBuilder().installDepsFrom(v).build(); }
    public BuildSpec withCcache(boolean v) { return toBuilder().ccache(v).build(); }
    public BuildSpec withSandbox(boolean v) { return toBuilder().sandbox(v).build(); }
    public BuildSpec withTimeout(Duration v) { return toBuilder().timeout(v).build(); }
    public BuildSpec withCacheRetention(CacheRetention v) { return toBuilder().cacheRetention(v).build(); }

    public Duration effectiveTimeout() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Collects the components of a {@link BuildSpec}; each setter returns the builder. */
    public static final class Builder {
        private String sourceDir;
        private String gitUrl;
        private String gitBranch;
        private String manifest;
        private String appId;
        private String arch;
        private String branch;
        private String stateDir;
        private String installDepsFrom;
        private boolean ccache;
        private boolean sandbox;
        private Duration timeout;
        private CacheRetention cacheRetention;

        private Builder() {}

        public Builder sourceDir(String v) { sourceDir = v; return this; }
        public Builder gitUrl(String v) { gitUrl = v; return this; }
        public Builder gitBranch(String v) { gitBranch = v; return this; }
        public Builder manifest(String v) { manifest = v; return this; }
        public Builder appId(String v) { appId = v; return this; }
        public Builder arch(String v) { arch = v; return this; }
        public Builder branch(String v) { branch = v; return this; }
        public Builder stateDir(String v) { stateDir = v; return this; }
        public Builder installDepsFrom(String v) { installDepsFrom = v; return this; }
        public Builder ccache(boolean v) { ccache = v; return this; }
        public Builder sandbox(boolean v) { sandbox = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder cacheRetention(CacheRetention v) { cacheRetention = v; return this; }

        public BuildSpec build() {
            return new BuildSpec(sourceDir, gitUrl, gitBranch, manifest, appId, arch, branch, stateDir,
                    installDepsFrom, ccache, sandbox, timeout, cacheRetention);
        }
    }
}
