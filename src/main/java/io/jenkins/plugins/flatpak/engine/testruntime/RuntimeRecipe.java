package io.jenkins.plugins.flatpak.engine.testruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What goes into one of the two test runtimes: its id and the host programs it carries. */
record RuntimeRecipe(String id, List<HostTool> tools) {

    /** Enough for applications that are shell scripts. */
    static final RuntimeRecipe PLATFORM = new RuntimeRecipe(TestRuntime.PLATFORM, tools(
            List.of("bash", "cat", "echo", "ls", "env", "printf", "true", "false", "test", "mkdir", "rm", "cp",
                    "mv", "ln", "chmod", "readlink", "basename", "dirname", "head", "tail", "tr", "sort", "sed",
                    "grep", "id", "uname", "sleep"),
            List.of()));

    /** Enough for flatpak-builder {@code buildsystem: simple} modules whose commands use common shell tools. */
    static final RuntimeRecipe SDK = new RuntimeRecipe(TestRuntime.SDK, tools(
            List.of("bash", "cat", "echo", "ls", "env", "printf", "true", "false", "test", "mkdir", "rm", "cp",
                    "mv", "ln", "chmod", "install", "sed", "grep", "touch", "readlink", "basename", "dirname",
                    "head", "tail", "tr", "sort"),
            List.of("find", "xargs", "cut", "wc", "tee", "date", "stat", "realpath", "mktemp", "uniq", "expr",
                    "seq", "du", "id", "uname", "sleep", "awk", "diff", "cmp", "patch")));

    private static List<HostTool> tools(List<String> required, List<String> optional) {
        List<HostTool> all = new ArrayList<>();
        required.forEach(name -> all.add(HostTool.required(name)));
        // flatpak runs ldconfig inside the sandbox to build the runtime's ld.so.cache.
        all.add(new HostTool("ldconfig", List.of("ldconfig.real", "ldconfig"), true));
        optional.forEach(name -> all.add(HostTool.optional(name)));
        return List.copyOf(all);
    }

    /** The {@code metadata} key file of the runtime for {@code arch}. */
    String metadata(String arch) {
        return "[Runtime]\n"
                + "name=" + id + "\n"
                + "runtime=" + TestRuntime.PLATFORM + "/" + arch + "/" + TestRuntime.BRANCH + "\n"
                + "sdk=" + TestRuntime.SDK + "/" + arch + "/" + TestRuntime.BRANCH + "\n";
    }

    /** A stable description of the content, hashed into the fingerprint. */
    String describe() {
        return Stream.concat(Stream.of(id),
                tools.stream().map(t -> t.name() + "=" + String.join("|", t.hostNames()) + (t.required() ? "!" : "?")))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
