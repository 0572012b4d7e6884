package io.jenkins.plugins.flatpak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.jenkins.hpi.Bytecode;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall between the engine (and the command-line runner) and Jenkins: no source imports a Jenkins
 * package, and no compiled class refers to one in any way (types, calls, annotations, lambdas).
 */
class EngineWallTest {
    private static final List<String> WALLED = List.of("engine", "runner");
    private static final Pattern IMPORT = Pattern.compile(
            "^\\s*import\\s+(?:static\\s+)?((?:hudson|jenkins|org\\.jenkinsci|org\\.kohsuke|com\\.cloudbees)\\.[\\w.*]+)\\s*;",
            Pattern.MULTILINE);
    /** Fully qualified uses in code, e.g. {@code hudson.model.Run r}; "io.jenkins.plugins" does not match. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])(?:hudson|jenkins|org\\.jenkinsci|org\\.kohsuke|com\\.cloudbees)(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
    /** Comments and string or character literals, in one pass so that each hides the others. */
    private static final Pattern NOT_CODE = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*|\"(?:\\\\.|[^\"\\\\\n])*\"|'(?:\\\\.|[^'\\\\\n])*'");
    private static final List<String> JENKINS_TYPES = List.of("hudson/", "jenkins/", "org/jenkinsci/", "org/kohsuke/",
            "com/cloudbees/");

    private static List<Path> files(Path root, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String part : WALLED) {
            Path dir = root.resolve(part);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(suffix)).forEach(found::add);
                }
            }
        }
        return found;
    }

    /** Source code without comments and string literals, so that prose and messages may name Jenkins. */
    static String code(String source) {
        return NOT_CODE.matcher(source).replaceAll(m -> m.group().startsWith("/") ? " " : "\"\"");
    }

    static List<String> sourceViolations(String fileName, String source) {
        List<String> problems = new ArrayList<>();
        String code = code(source);
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            problems.add(fileName + " imports " + m.group(1));
        }
        Matcher q = QUALIFIED.matcher(code.replaceAll("(?m)^\\s*(package|import)\\s[^;]*;", ""));
        while (q.find()) {
            problems.add(fileName + " uses " + q.group());
        }
        return problems;
    }

    static List<String> classViolations(String className, byte[] classFile) {
        List<String> problems = new ArrayList<>();
        for (String type : Bytecode.referencedTypes(classFile)) {
            if (JENKINS_TYPES.stream().anyMatch(type::startsWith)) {
                problems.add(className + " refers to " + type.replace('/', '.'));
            }
        }
        return problems;
    }

    @Test
    void noEngineOrRunnerSourceImportsJenkins() throws IOException {
        Path sources = FlatpakTestEnv.projectDir().resolve("src/main/java/io/jenkins/plugins/flatpak");
        List<Path> files = files(sources, ".java");
        assertTrue(files.size() > 20, "only " + files.size() + " engine/runner sources under " + sources);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(sourceViolations(sources.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
        assertTrue(problems.isEmpty(), "the engine and runner must not depend on Jenkins:\n" + String.join("\n", problems));
    }

    @Test
    void noEngineOrRunnerClassRefersToJenkins() throws IOException, URISyntaxException {
        Path classes = Path.of(Names.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jenkins/plugins/flatpak");
        List<Path> files = files(classes, ".class");
        assertTrue(files.size() > 20, "only " + files.size() + " engine/runner classes under " + classes);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(classViolations(classes.relativize(f).toString(), Files.readAllBytes(f)));
        }
        assertTrue(problems.isEmpty(), "the engine and runner must not depend on Jenkins:\n" + String.join("\n", problems));
    }

    @Test
    void theScansRecogniseJenkinsReferences() throws IOException, URISyntaxException {
        String source = "package io.jenkins.plugins.flatpak.engine;\n"
                + "import io.jenkins.plugins.flatpak.engine.Names; // hudson.model.Run in a comment\n"
                + "import static jenkins.model.Jenkins.get;\n"
                + "import org.kohsuke.stapler.DataBoundConstructor;\n"
                + "class X { String s = \"hudson.model.Run\"; com.cloudbees.plugins.credentials.Credentials c; }\n";
        List<String> found = sourceViolations("X.java", source);
        assertTrue(found.contains("X.java imports jenkins.model.Jenkins.get"), found.toString());
        assertTrue(found.contains("X.java imports org.kohsuke.stapler.DataBoundConstructor"), found.toString());
        assertTrue(found.contains("X.java uses com.cloudbees.plugins.credentials.Credentials"), found.toString());
        assertTrue(found.size() == 3, found.toString());

        Path jenkinsLayer = Path.of(Names.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jenkins/plugins/flatpak/jenkins/config/FlatpakGlobalConfiguration.class");
        List<String> refs = classViolations("FlatpakGlobalConfiguration", Files.readAllBytes(jenkinsLayer));
        assertTrue(refs.contains("FlatpakGlobalConfiguration refers to jenkins.model.GlobalConfiguration"), refs.toString());
        assertFalse(refs.stream().anyMatch(r -> r.contains("io.jenkins")), refs.toString());
    }
}
