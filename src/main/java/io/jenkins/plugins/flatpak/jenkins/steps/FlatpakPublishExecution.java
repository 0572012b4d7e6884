package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.jenkins.config.AllowedJobs;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code flatpakPublish}: on the controller, with the signing key resolved in the run's context, the engine
 * imports each committed build into the target repository and updates its summary. A build already published to
 * the repository is never published again: the record's status is checked first, so running the step again (or
 * again after a restart of Jenkins) skips it. A build whose publish failed or was interrupted (the controller was
 * killed) is published again into the same repository, landing no second commit. Who may publish which build
 * into which repository is {@link BuildOwnership}'s rule.
 */
final class FlatpakPublishExecution extends FlatpakStepExecution {
    private static final long serialVersionUID = 1L;

    // The parameters, not the step: a Step is not serializable, and this execution runs again after a restart.
    private final String repo;
    private final String buildId;
    private final String gpgCredentialsId;

    FlatpakPublishExecution(FlatpakPublishStep step, StepContext context, StepServices services) {
        super(context, services);
        this.repo = step.getRepo();
        this.buildId = step.getBuildId();
        this.gpgCredentialsId = step.getGpgCredentialsId();
    }

    @Override
    protected Object work(TaskListener listener, Run<?, ?> run) throws Exception {
        StepInputs.require(StepInputs.repoProblem(repo), StepInputs.buildIdProblem(buildId),
                StepInputs.credentialsIdProblem(gpgCredentialsId));
        ConsoleSink console = new ConsoleSink(listener);
        Engine engine = services().home().engine();
        PublishTarget target = services().publishTarget(repo);
        AllowedJobs allowed = services().allowedJobs(repo);
        String job = BuildOwnership.jobOf(run);
        StepInputs.require(BuildOwnership.repositoryProblem(job, repo, allowed));
        List<BuildRecord> builds = selected(run, job);
        for (BuildRecord b : builds) {
            StepInputs.require(BuildOwnership.publishProblem(job, repo, allowed, b,
                    BuildOwnership.ownerOf(b, services().home().index())));
        }
        List<String> published = new ArrayList<>();
        List<BuildRecord> pending = new ArrayList<>();
        for (BuildRecord b : builds) {
            addBuildId(b.getId());
            if (isPublishedTo(b)) {
                console.line("[flatpak] build " + b.getId() + " is already published to " + repo
                        + "; not publishing it again");
                show(run, b);
                published.add(b.getId());
            } else if (b.getStatus() == BuildStatus.COMMITTED) {
                pending.add(b);
            } else if (isRetry(b)) {
                console.line("[flatpak] build " + b.getId() + " failed while being published to " + repo
                        + (b.getError() == null ? "" : " (" + b.getError() + ")") + "; publishing it again");
                pending.add(b);
            } else {
                throw new InvalidInputException(notPublishable(b));
            }
        }
        if (pending.isEmpty()) {
            return published;
        }
        phase("resolving the signing key");
        try (SigningKey key = services().signingKey(repo, gpgCredentialsId, run)) {
            for (BuildRecord b : pending) {
                String id = b.getId();
                phase("publishing " + id + " to " + repo);
                console.line("[flatpak] publishing build " + id + " (" + FlatpakCommitExecution.describe(b) + ") to "
                        + repo + (key == null ? ", unsigned" : ", signed with key " + key.keyId()));
                BuildRecord fresh = find(id).orElse(b);
                if (isPublishedTo(fresh)) {
                    // published meanwhile, by another step or a resumed one: never twice
                    show(run, fresh);
                    published.add(id);
                    continue;
                }
                try {
                    show(run, engine.publish(id, target, key, console, cancellation()));
                } catch (Exception | Error e) {
                    endIfActive(run, id, e);
                    throw e;
                }
                published.add(id);
            }
        }
        return published;
    }

    /**
     * A build whose publish into this repository failed (a tool error, or the controller was killed and the
     * record was marked interrupted on restart): publishing it again is allowed and lands no second commit.
     */
    private boolean isRetry(BuildRecord b) {
        return RecordStore.isPublishRetry(b, BuildStatus.PUBLISHING) && repo.equals(b.getTargetRepo());
    }

    private boolean isPublishedTo(BuildRecord b) {
        return b.getStatus() == BuildStatus.PUBLISHED && repo.equals(b.getTargetRepo());
    }

    private String notPublishable(BuildRecord b) {
        String id = Names.quote(b.getId());
        switch (b.getStatus()) {
            case PUBLISHED:
                return "build " + id + " is already published to " + Names.quote(b.getTargetRepo())
                        + "; a build is published to one repository";
            case PUBLISHING:
                return "build " + id + " is being published to " + Names.quote(b.getTargetRepo()) + " by another step";
            case FAILED:
                if (RecordStore.isPublishRetry(b, BuildStatus.PUBLISHING)) {
                    return RecordStore.publishRetryElsewhere(b, repo);
                }
                if (RecordStore.isCommitRetry(b, BuildStatus.COMMITTING)) {
                    return "build " + id + " is failed (" + b.getError() + "); run flatpakCommit again, then flatpakPublish";
                }
                return "build " + id + " is failed" + (b.getError() == null ? "" : " (" + b.getError() + ")")
                        + "; build, commit and publish anew";
            case CANCELLED:
                return "build " + id + " is " + b.getStatus().id() + (b.getError() == null ? "" : " (" + b.getError() + ")")
                        + "; build, commit and publish anew";
            default:
                return "build " + id + " is " + b.getStatus().id() + ", not committed; run flatpakCommit before flatpakPublish";
        }
    }

    /**
     * The explicit build, or the builds this run's job made that are shown on the run and are committed, published
     * to the repository already, or failed while being published to it (published again). A build this execution
     * started publishing that cannot be published again fails the step, with the reason and what to do.
     */
    private List<BuildRecord> selected(Run<?, ?> run, String job) {
        if (buildId != null) {
            BuildRecord r = find(buildId).orElseThrow(() -> new InvalidInputException(
                    "no Flatpak build " + Names.quote(buildId) + " is recorded on this controller"));
            return List.of(r);
        }
        List<BuildRecord> ready = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (BuildRecord r : recordsOf(run)) {
            if (!job.equals(BuildOwnership.ownerOf(r, services().home().index()))) {
                continue; // another job's build this run published by its buildId: not one of this run's own
            }
            if (r.getStatus() == BuildStatus.COMMITTED || isPublishedTo(r) || isRetry(r)) {
                ready.add(r);
            } else if (startedHere(r, "publish")) {
                problems.add(notPublishable(r));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join("; ", problems));
        }
        if (ready.isEmpty()) {
            throw new InvalidInputException("this run has no committed Flatpak build to publish; run flatpakCommit"
                    + " before flatpakPublish, or pass buildId");
        }
        return ready;
    }

    @Override
    protected boolean rerunsOnResume() {
        return true;
    }
}
