package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code flatpakCommit}: the engine validates each build in the build-repo (refs, metadata, commits) and marks
 * it committed. Builds already committed (or further) are left as they are, so running the step again, or again
 * after a restart of Jenkins, does no harm. A build whose commit was interrupted (the controller was killed) is
 * committed again. Only the job that made a build commits it ({@link BuildOwnership}).
 */
final class FlatpakCommitExecution extends FlatpakStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Set<BuildStatus> COMMITTED_OR_LATER = EnumSet.of(BuildStatus.COMMITTED,
            BuildStatus.PUBLISHING, BuildStatus.PUBLISHED);

    /** The parameter, not the step: a Step is not serializable, and this execution runs again after a restart. */
    private final String buildId;

    FlatpakCommitExecution(FlatpakCommitStep step, StepContext context, StepServices services) {
        super(context, services);
        this.buildId = step.getBuildId();
    }

    @Override
    protected Object work(TaskListener listener, Run<?, ?> run) throws Exception {
        StepInputs.require(StepInputs.buildIdProblem(buildId));
        ConsoleSink console = new ConsoleSink(listener);
        Engine engine = services().home().engine();
        String job = BuildOwnership.jobOf(run);
        List<BuildRecord> builds = selected(run, job);
        for (BuildRecord b : builds) {
            StepInputs.require(BuildOwnership.commitProblem(job, b, BuildOwnership.ownerOf(b, services().home().index())));
        }
        List<String> committed = new ArrayList<>();
        for (BuildRecord b : builds) {
            String id = b.getId();
            addBuildId(id);
            if (COMMITTED_OR_LATER.contains(b.getStatus())) {
                console.line("[flatpak] build " + id + " is already " + b.getStatus().id() + "; not committing it again");
                show(run, b);
                committed.add(id);
                continue;
            }
            phase("committing " + id);
            if (RecordStore.isCommitRetry(b, BuildStatus.COMMITTING)) {
                console.line("[flatpak] the commit of build " + id + " was interrupted (" + b.getError()
                        + "); committing it again");
            }
            console.line("[flatpak] committing build " + id + " (" + describe(b) + ")");
            try {
                show(run, engine.commit(id, console, cancellation()));
            } catch (Exception | Error e) {
                endIfActive(run, id, e);
                throw e;
            }
            committed.add(id);
        }
        return committed;
    }

    /**
     * The explicit build, or the builds this run's job made that are shown on the run and are built or whose commit
     * was interrupted (committed again), plus those this execution already committed, when it runs again after a
     * restart. A build this execution started committing that did not end committed and cannot be committed again
     * fails the step with the reason.
     */
    private List<BuildRecord> selected(Run<?, ?> run, String job) {
        if (buildId != null) {
            BuildRecord r = find(buildId).orElseThrow(() -> new InvalidInputException(
                    "no Flatpak build " + Names.quote(buildId) + " is recorded on this controller"));
            return List.of(r);
        }
        List<BuildRecord> built = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (BuildRecord r : recordsOf(run)) {
            if (!job.equals(BuildOwnership.ownerOf(r, services().home().index()))) {
                continue; // another job's build, shown on this run because it published it
            }
            boolean here = startedHere(r, "commit");
            if (r.getStatus() == BuildStatus.BUILT || here && COMMITTED_OR_LATER.contains(r.getStatus())
                    || RecordStore.isCommitRetry(r, BuildStatus.COMMITTING)) {
                built.add(r);
            } else if (here) {
                failed.add("build " + r.getId() + " is " + r.getStatus().id()
                        + (r.getError() == null ? "" : " (" + r.getError() + ")") + "; build it anew");
            }
        }
        if (!failed.isEmpty()) {
            throw new InvalidInputException(String.join("; ", failed));
        }
        if (built.isEmpty()) {
            throw new InvalidInputException("this run has no built Flatpak build to commit" + problems(run)
                    + "; run flatpakBuild before flatpakCommit, or pass buildId");
        }
        return built;
    }

    /** Why builds of this run that could have been committed were not, for the error message. */
    private String problems(Run<?, ?> run) {
        List<String> why = new ArrayList<>();
        for (BuildRecord r : recordsOf(run)) {
            if (r.getStatus() == BuildStatus.FAILED || r.getStatus() == BuildStatus.CANCELLED) {
                why.add(r.getId() + " is " + r.getStatus().id() + (r.getError() == null ? "" : ": " + r.getError()));
            }
        }
        return why.isEmpty() ? "" : " (" + String.join("; ", why) + ")";
    }

    static String describe(BuildRecord b) {
        return b.getAppId() + " " + b.getArch() + "/" + b.getBranch();
    }

    @Override
    protected boolean rerunsOnResume() {
        return true;
    }
}
