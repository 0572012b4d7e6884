package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.hostile.ChildWatch;
import io.jenkins.plugins.flatpak.hostile.HostileCorpus;
import io.jenkins.plugins.flatpak.hostile.HostileTrees;
import io.jenkins.plugins.flatpak.hostile.RawText;
import io.jenkins.plugins.flatpak.hostile.TreeSnapshot;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The step-level hostile-input corpus ({@code src/test/resources/hostile/steps.yaml}) through flatpakBuild,
 * flatpakCommit and flatpakPublish on the test doubles: each case must fail its step with an
 * {@link AbortException} naming the bad value, start no process, run no payload, and leave the workspace, the
 * controller's home and the target repositories as they were, apart from the directories of a build it recorded
 * as failed.
 */
class HostileStepInputTest {
    private static Path fixtures;
    private static Path payload;
    private static final Map<String, byte[]> KEYS = new LinkedHashMap<>();
    private static final char[] PASSPHRASE = "Amber-Falcon-5521".toCharArray();

    @BeforeAll
    static void setUp() throws IOException {
        StepHarness.agentEnvironment(); // the test runtime, for the one case that could get as far as a build
        fixtures = FlatpakTestEnv.tempDir("hostile-steps");
        payload = fixtures.resolve("PAYLOAD-RAN");
        Path outside = Files.createDirectories(fixtures.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "a file no build may read\n");
        Files.writeString(outside.resolve("mod.json"), "{\"name\": \"outside\", \"buildsystem\": \"simple\","
                + " \"build-commands\": [\"true\"]}");
        Files.writeString(outside.resolve(HostileTrees.MANIFEST_JSON), "{" + HostileTrees.HEAD + ", \"modules\": []}");
        KeyGenerator.GeneratedKey good = KeyGenerator.builder("Steps <steps@example.org>").rsaBits(2048)
                .passphrase(PASSPHRASE).generate();
        KEYS.put("public", good.armoredPublicKey());
        KEYS.put("expired", KeyGenerator.builder("Expired <expired@example.org>").rsaBits(2048)
                .createdAt(Instant.now().minus(Duration.ofDays(30))).expiresAfter(Duration.ofDays(1)).generate()
                .armoredSecretKey());
        KEYS.put("certify-only", KeyGenerator.builder("Certify <certify@example.org>").rsaBits(2048)
                .primaryMaySign(false).generate().armoredSecretKey());
        KEYS.put("garbage", "not a key $(touch x)\n".getBytes(StandardCharsets.UTF_8));
        KEYS.put("wrong-passphrase", good.armoredSecretKey());
    }

    @Test
    void everyHostileStepParameterFailsTheStepBeforeAnythingRuns() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/hostile/steps.yaml")) {
            doc = new YAMLMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            cases++;
            List<String> problems = run(c);
            if (!problems.isEmpty()) {
                failures.add(c.get("name").asText() + ": " + String.join("; ", problems));
            }
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println("hostile input (Pipeline steps): " + cases + " cases, " + (cases - failures.size())
                + " rejected before any tool ran, " + failures.size() + " failures");
        assertEquals(List.of(), failures);
        assertTrue(cases >= 40, "the step corpus has " + cases + " cases");
    }

    private static List<String> run(JsonNode c) throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path repos = FlatpakTestEnv.tempDir("hostile-step-repos");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        services.repository(PublishTarget.simple("beta", repos.resolve("beta")), null);
        services.repository(PublishTarget.simple("other", repos.resolve("other")), null);
        KEYS.forEach((id, key) -> services.credential(id, key, id.equals("wrong-passphrase") ? "Not-It".toCharArray() : null));
        TestRun run = new TestRun();
        Map<String, String> vars = states(services.home().engine(), workspace, BuildOwnership.jobOf(run));
        vars.put("PAYLOAD", payload.toString());
        vars.put("PAYLOAD_MODULE", HostileTrees.payloadModule(payload));
        vars.put("HEAD", HostileTrees.HEAD);
        vars.put("OUTSIDE", fixtures.resolve("outside").toString());
        String value = c.has("value") ? HostileCorpus.expand(c.get("value").asText(), vars) : null;
        if (value != null) {
            vars.put("VALUE", value);
        }
        if (c.has("tree") || c.has("links") || c.has("generate")) {
            HostileTrees.write(workspace, c, vars);
        }
        List<String> names = new ArrayList<>();
        if (c.has("names")) {
            c.get("names").forEach(n -> names.add(HostileCorpus.expand(n.asText(), vars)));
        } else {
            names.add(Names.quote(value));
        }

        Path controller = services.home().engine().config().home();
        List<Path> watched = List.of(workspace, controller, repos, fixtures);
        Set<String> recordsBefore = ids(services);
        TreeSnapshot before = TreeSnapshot.take(watched);
        TestStepContext context = StepHarness.context(run, new TestListener());
        List<String> started;
        try (ChildWatch watch = new ChildWatch()) {
            StepHarness.run(execution(c, vars, context, services), context);
            started = watch.seen();
        }
        TreeSnapshot after = TreeSnapshot.take(watched);

        List<String> problems = new ArrayList<>();
        Throwable failure = context.failure();
        if (!(failure instanceof AbortException)) {
            problems.add("the step ended with " + (failure == null ? "success: " + context.result() : failure.toString()));
        } else {
            for (String n : names) {
                if (!failure.getMessage().contains(n)) {
                    problems.add("the message does not name " + Names.quote(n) + ": " + failure.getMessage());
                }
            }
            String raw = RawText.controlCharacters(failure.getMessage());
            if (!raw.isEmpty()) {
                problems.add("the message carries raw control or format characters " + raw);
            }
        }
        if (!started.isEmpty()) {
            problems.add("processes started: " + started);
        }
        if (Files.exists(payload)) {
            problems.add("the payload ran");
        }
        Set<String> created = ids(services);
        created.removeAll(recordsBefore);
        boolean mayRecord = c.path("record").asText("").equals("failed");
        List<Path> allowed = new ArrayList<>();
        if (!created.isEmpty() && !mayRecord) {
            problems.add("recorded build(s) " + created + " for a value that can be refused before any build");
        }
        for (String id : created) {
            BuildRecord r = services.home().records().get(id);
            if (r.getStatus() != BuildStatus.FAILED) {
                problems.add("build " + id + " is " + r.getStatus().id() + ", not failed");
            }
            allowed.add(services.home().records().dir(id));
            allowed.add(workspace.resolve(AgentBuildCallable.WORK_DIR));
            allowed.add(controller.resolve("jenkins-index.jsonl")); // links the run to its builds
            allowed.add(controller.resolve("jenkins-index.jsonl.lock"));
        }
        List<TreeSnapshot.Change> changes = before.changesTo(after).stream()
                .filter(ch -> allowed.stream().noneMatch(a -> ch.path().startsWith(a)))
                .collect(Collectors.toList());
        if (!changes.isEmpty()) {
            problems.add("changed: " + changes);
        }
        return problems;
    }

    private static FlatpakStepExecution execution(JsonNode c, Map<String, String> vars, TestStepContext context,
            TestServices services) {
        Map<String, String> set = new LinkedHashMap<>();
        c.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), HostileCorpus.expand(e.getValue().asText(), vars)));
        switch (c.get("step").asText()) {
            case "build": {
                FlatpakBuildStep step = new FlatpakBuildStep();
                set.forEach((k, v) -> {
                    switch (k) {
                        case "appId": step.setAppId(v); break;
                        case "branch": step.setBranch(v); break;
                        case "arch": step.setArch(v); break;
                        case "manifest": step.setManifest(v); break;
                        case "stateDir": step.setStateDir(v); break;
                        case "gitUrl": step.setGitUrl(v); break;
                        case "gitBranch": step.setGitBranch(v); break;
                        case "credentialsId": step.setCredentialsId(v); break;
                        case "installDepsFrom": step.setInstallDepsFrom(v); break;
                        case "timeout": step.setTimeout(Integer.parseInt(v)); break;
                        default: throw new IllegalArgumentException("flatpakBuild has no parameter " + k);
                    }
                });
                return new FlatpakBuildExecution(step, context, services);
            }
            case "commit": {
                FlatpakCommitStep step = new FlatpakCommitStep();
                set.forEach((k, v) -> {
                    if (!k.equals("buildId")) {
                        throw new IllegalArgumentException("flatpakCommit has no parameter " + k);
                    }
                    step.setBuildId(v);
                });
                return new FlatpakCommitExecution(step, context, services);
            }
            case "publish": {
                FlatpakPublishStep step = new FlatpakPublishStep(HostileCorpus.expand(c.get("repo").asText(), vars));
                set.forEach((k, v) -> {
                    switch (k) {
                        case "buildId": step.setBuildId(v); break;
                        case "gpgCredentialsId": step.setGpgCredentialsId(v); break;
                        default: throw new IllegalArgumentException("flatpakPublish has no parameter " + k);
                    }
                });
                return new FlatpakPublishExecution(step, context, services);
            }
            default:
                throw new IllegalArgumentException("no step " + c.get("step").asText());
        }
    }

    /**
     * A build in every state the corpus needs, recorded through the engine without running a tool; a wrongly
     * accepted step would get to the tools with them, which the process watch reports.
     */
    private static Map<String, String> states(Engine engine, Path workspace, String job) {
        BuildSpec spec = BuildSpec.fromDirectory(workspace.toString(), "org.example.Hello.yml");
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("BUILT", advance(engine, engine.createBuild(spec, job, 1).getId(), BuildStatus.BUILDING, BuildStatus.BUILT));
        vars.put("COMMITTED", advance(engine, engine.createBuild(spec, job, 1).getId(), BuildStatus.BUILDING,
                BuildStatus.BUILT, BuildStatus.COMMITTING, BuildStatus.COMMITTED));
        String published = advance(engine, engine.createBuild(spec, job, 1).getId(), BuildStatus.BUILDING,
                BuildStatus.BUILT, BuildStatus.COMMITTING, BuildStatus.COMMITTED);
        engine.records().transition(published, BuildStatus.PUBLISHING, r -> r.setTargetRepo("other"));
        engine.records().transition(published, BuildStatus.PUBLISHED, null);
        vars.put("PUBLISHED", published);
        String failed = engine.createBuild(spec, job, 1).getId();
        engine.fail(failed, "failed for the hostile-input corpus");
        vars.put("FAILED", failed);
        String cancelled = engine.createBuild(spec, job, 1).getId();
        engine.cancel(cancelled, "cancelled for the hostile-input corpus");
        vars.put("CANCELLED", cancelled);
        vars.put("CREATED", engine.createBuild(spec, job, 1).getId());
        String building = engine.createBuild(spec, job, 1).getId();
        engine.beginBuild(building);
        vars.put("BUILDING", building);
        // builds this run's job did not make: another job's, and one made outside Jenkins (no job)
        vars.put("OTHER_JOB", "other-team/app");
        vars.put("BUILT_ELSEWHERE", advance(engine, engine.createBuild(spec, "other-team/app", 7).getId(),
                BuildStatus.BUILDING, BuildStatus.BUILT));
        vars.put("COMMITTED_ELSEWHERE", advance(engine, engine.createBuild(spec, "other-team/app", 7).getId(),
                BuildStatus.BUILDING, BuildStatus.BUILT, BuildStatus.COMMITTING, BuildStatus.COMMITTED));
        vars.put("COMMITTED_NO_JOB", advance(engine, engine.createBuild(spec).getId(), BuildStatus.BUILDING,
                BuildStatus.BUILT, BuildStatus.COMMITTING, BuildStatus.COMMITTED));
        return vars;
    }

    private static String advance(Engine engine, String id, BuildStatus... steps) {
        for (BuildStatus s : steps) {
            engine.records().transition(id, s, null);
        }
        return id;
    }

    private static Set<String> ids(TestServices services) {
        return services.home().records().list().stream().map(BuildRecord::getId).collect(Collectors.toCollection(HashSet::new));
    }
}
