package io.jenkins.plugins.flatpak.engine.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine knows about one build. Stored as JSON by {@link RecordStore}; each read returns a fresh
 * copy, and changes go through {@link RecordStore#update} so the status rules hold. Never holds a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status", "job", "runNumber", "appId", "arch", "branch", "manifest", "sourceDir", "gitUrl", "gitBranch",
    "sourceCommit", "createdAt", "phases", "refs", "buildRepo", "targetRepo", "published", "publishedAt", "error"})
public final class BuildRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private String id;
    private BuildStatus status = BuildStatus.CREATED;
    private String job;
    private Integer runNumber;
    private String appId;
    private String arch;
    private String branch;
    private String manifest;
    private String sourceDir;
    private String gitUrl;
    private String gitBranch;
    private String sourceCommit;
    private Instant createdAt;
    private Map<String, PhaseTiming> phases = new LinkedHashMap<>();
    private Map<String, String> refs = new LinkedHashMap<>();
    private String buildRepo;
    private String targetRepo;
    /** Where {@link #targetRepo} is on the publishing machine: what recovery repairs after an interrupted publish. */
    private String targetPath;
    private Map<String, String> published = new LinkedHashMap<>();
    private Instant publishedAt;
    private String error;
    private List<String> cachedModules = new ArrayList<>();
    private List<String> builtModules = new ArrayList<>();
    private String owner;
    private Long ownerStarted;
    private String failedPhase;
    private Boolean interrupted;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public BuildStatus getStatus() { return status; }
    public void setStatus(BuildStatus status) { this.status = status; }
    /**
     * The job whose run made this build (in Jenkins the job's full name, {@code folder/job}), or null for a build
     * made outside a job (the command-line runner) or recorded before builds had owners. Set once, on creation.
     */
    public String getJob() { return job; }
    public void setJob(String job) { this.job = job; }
    /** The number of the run of {@link #getJob} that made this build, or null. */
    public Integer getRunNumber() { return runNumber; }
    public void setRunNumber(Integer runNumber) { this.runNumber = runNumber; }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public String getArch() { return arch; }
    public void setArch(String arch) { this.arch = arch; }
    public String getBranch() { return branch; }
    public void setBranch(String branch) { this.branch = branch; }
    public String getManifest() { return manifest; }
    public void setManifest(String manifest) { this.manifest = manifest; }
    public String getSourceDir() { return sourceDir; }
    public void setSourceDir(String sourceDir) { this.sourceDir = sourceDir; }
    public String getGitUrl() { return gitUrl; }
    public void setGitUrl(String gitUrl) { this.gitUrl = gitUrl; }
    public String getGitBranch() { return gitBranch; }
    public void setGitBranch(String gitBranch) { this.gitBranch = gitBranch; }
    public String getSourceCommit() { return sourceCommit; }
    public void setSourceCommit(String sourceCommit) { this.sourceCommit = sourceCommit; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Map<String, PhaseTiming> getPhases() { return phases; }
    public void setPhases(Map<String, PhaseTiming> phases) { this.phases = new LinkedHashMap<>(phases); }
    /** Ref to commit checksum in the build-repo. */
    public Map<String, String> getRefs() { return refs; }
    public void setRefs(Map<String, String> refs) { this.refs = new LinkedHashMap<>(refs); }
    public String getBuildRepo() { return buildRepo; }
    public void setBuildRepo(String buildRepo) { this.buildRepo = buildRepo; }
    public String getTargetRepo() { return targetRepo; }
    public void setTargetRepo(String targetRepo) { this.targetRepo = targetRepo; }
    public String getTargetPath() { return targetPath; }
    public void setTargetPath(String targetPath) { this.targetPath = targetPath; }
    /** Ref to commit checksum in the target repository. */
    public Map<String, String> getPublished() { return published; }
    public void setPublished(Map<String, String> published) { this.published = new LinkedHashMap<>(published); }
    public Instant getPublishedAt() { return publishedAt; }
    public void setPublishedAt(Instant publishedAt) { this.publishedAt = publishedAt; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    /** Modules flatpak-builder took from its cache in the last build. */
    public List<String> getCachedModules() { return cachedModules; }
    public void setCachedModules(List<String> cachedModules) { this.cachedModules = new ArrayList<>(cachedModules); }
    /** Modules flatpak-builder built in the last build. */
    public List<String> getBuiltModules() { return builtModules; }
    public void setBuiltModules(List<String> builtModules) { this.builtModules = new ArrayList<>(builtModules); }
    /** Who is working on the build while it is active: {@code pid@host}. */
    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }
    /**
     * When the owner process started (epoch milliseconds), or null: tells a dead owner from a later process
     * that reuses its pid.
     */
    public Long getOwnerStarted() { return ownerStarted; }
    public void setOwnerStarted(Long ownerStarted) { this.ownerStarted = ownerStarted; }

    /** The phase a failed or cancelled build was in when it ended: build, commit or publish. */
    public String getFailedPhase() { return failedPhase; }
    public void setFailedPhase(String failedPhase) { this.failedPhase = failedPhase; }

    /** True when the build failed because the process doing its phase died (a crash, {@code kill -9}), else null. */
    public Boolean getInterrupted() { return interrupted; }
    public void setInterrupted(Boolean interrupted) { this.interrupted = interrupted; }

    /** The ref of the application itself, or null before the build exported it. */
    public String appRef() {
        return refs.keySet().stream().filter(r -> r.startsWith("app/")).findFirst().orElse(null);
    }
}
