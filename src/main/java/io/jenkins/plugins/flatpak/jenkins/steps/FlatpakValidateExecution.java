package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestReport;
import io.jenkins.plugins.flatpak.engine.manifest.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code flatpakValidate}: the engine reads the manifest on the agent ({@link AgentValidateCallable}); the report
 * goes to the console, a refusal fails the step with every problem, and what was read is the step's value.
 * Nothing is recorded: validating is quick and changes nothing, so after a restart it simply runs again.
 */
final class FlatpakValidateExecution extends FlatpakStepExecution {
    private static final long serialVersionUID = 1L;

    private final String manifest;
    private final String appId;
    private final String arch;

    FlatpakValidateExecution(FlatpakValidateStep step, StepContext context, StepServices services) {
        super(context, services);
        this.manifest = step.getManifest();
        this.appId = step.getAppId();
        this.arch = step.getArch();
    }

    @Override
    protected Object work(TaskListener listener, Run<?, ?> run) throws Exception {
        StepInputs.require(
                StepInputs.workspacePathProblem("manifest path", manifest),
                StepInputs.appIdProblem(appId),
                StepInputs.archProblem(arch));
        AgentWorkspace workspace = services().workspace(getContext());
        phase("validating " + (manifest == null ? "the manifest" : manifest) + " in " + workspace.describe());
        ConsoleSink console = new ConsoleSink(listener);
        console.line("[flatpak] validating " + (manifest == null ? "the manifest found" : Names.quote(manifest)) + " in "
                + workspace.describe());
        ManifestReport report = workspace.act(new AgentValidateCallable(manifest, appId, arch));
        for (String line : report.text().split("\n")) {
            console.line("[flatpak] " + line);
        }
        if (!report.accepted()) {
            StringBuilder why = new StringBuilder("manifest " + Names.quote(report.manifest()) + " is refused: "
                    + report.errors().size() + (report.errors().size() == 1 ? " problem" : " problems"));
            for (Problem p : report.errors()) {
                why.append("\n  - ").append(p);
            }
            throw new InvalidInputException(why.toString());
        }
        return value(report);
    }

    /** What the step returns: plain strings, lists and maps, as a Pipeline script can use them. */
    static Map<String, Object> value(ManifestReport report) {
        ManifestReport.Read r = report.read();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("manifest", report.manifest());
        v.put("id", r.appId());
        v.put("kind", r.kind());
        v.put("runtime", r.runtime() + "//" + r.runtimeBranch());
        v.put("sdk", r.sdk() + "//" + r.sdkBranch());
        v.put("branch", r.branch());
        v.put("command", r.command());
        Map<String, Object> order = new LinkedHashMap<>();
        r.buildOrder().forEach((a, names) -> order.put(a, new ArrayList<>(names)));
        v.put("buildOrder", order);
        List<String> warnings = new ArrayList<>();
        report.warnings().forEach(w -> warnings.add(w.toString()));
        v.put("warnings", warnings);
        return v;
    }

    @Override
    protected boolean rerunsOnResume() {
        return true;
    }
}
