package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar flatpak-pipeline.jar [--home DIR] COMMAND ...}: the engine outside Jenkins.
 * Exit status 0 on success, 1 when a build or tool fails, 2 for invalid input or usage.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar flatpak-pipeline.jar [--home DIR] COMMAND [OPTIONS]",
            "",
            "commands:",
            "  build   --manifest FILE --build-repo DIR [--git-url URL [--git-branch B]] [--app-id ID]",
            "          [--arch A] [--branch B] [--state-dir DIR] [--install-deps-from REMOTE] [--ccache]",
            "          [--sandbox] [--timeout MINUTES]      builds; prints the build id as the last line",
            "  commit  ID                                    validates a built build",
            "  publish ID --repo DIR [--repo-name NAME] [--title T] [--url URL] [--collection-id ID]",
            "          [--static-deltas|--no-static-deltas] [--prune-depth N] [--default-branch B]",
            "          [--gpg-key FILE [--gpg-passphrase-file FILE]]",
            "          [--old-gpg-key FILE [--old-gpg-passphrase-file FILE]]  (a retired key co-signs)",
            "          omitted settings are what the repository remembers; stated ones change it",
            "  rotate-key --repo DIR [--repo-name NAME] --gpg-key NEW [--gpg-passphrase-file FILE]",
            "          (--old-gpg-key OLD [--old-gpg-passphrase-file FILE] | --without-old-key)",
            "                                                the repository is signed by NEW from now on",
            "  run     build options + publish options      build, commit and publish in one go",
            "  list    [--json]                              every build, newest first",
            "  show    ID [--json]                           one build record",
            "  log     ID [--phase build|commit|publish]     a build's log",
            "  validate [--manifest FILE] [--source-dir DIR] [--app-id ID] [--arch A[,B]] [--json]",
            "          reads a manifest as flatpak-builder does: verdict, warnings and what was read",
            "  runtime                                       installs the offline test runtime and SDK",
            "  demo    [--samples DIR]                       builds, publishes, installs and runs a sample app",
            "",
            "--home DIR defaults to $FLATPAK_PIPELINE_HOME, else ./.flatpak-pipeline. Builds use the flatpak user",
            "installation; set FLATPAK_USER_DIR to isolate them.");

    private Main() {}

    public static void main(String[] args) {
        Cancellation cancel = new Cancellation();
        // Ctrl-C or SIGTERM: stop the running tool's whole process tree before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cancel.cancel("runner interrupted")));
        System.exit(run(Arrays.asList(args), System.out, System.err, cancel));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err, Cancellation cancel) {
        try {
            List<String> rest = new ArrayList<>(argv);
            Path home = defaultHome();
            while (!rest.isEmpty() && (rest.get(0).equals("--home") || rest.get(0).startsWith("--home="))) {
                String first = rest.remove(0);
                if (first.startsWith("--home=")) {
                    home = PathOptions.path("home", first.substring("--home=".length()));
                } else if (!rest.isEmpty()) {
                    home = PathOptions.path("home", rest.remove(0));
                } else {
                    throw new UsageException("option --home needs a value");
                }
            }
            if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("help")) {
                out.println(USAGE);
                return rest.isEmpty() ? 2 : 0;
            }
            String command = rest.remove(0);
            Commands commands = new Commands(home.toAbsolutePath().normalize(), out, err, cancel);
            switch (command) {
                case "build": return commands.build(rest);
                case "commit": return commands.commit(rest);
                case "publish": return commands.publish(rest);
                case "run": return commands.runAll(rest);
                case "rotate-key": return commands.rotateKey(rest);
                case "list": return commands.list(rest);
                case "show": return commands.show(rest);
                case "log": return commands.log(rest);
                case "runtime": return commands.runtime(rest);
                case "validate": return commands.validate(rest);
                case "demo": return new Demo(home.toAbsolutePath().normalize(), out, err, cancel).run(rest);
                default: throw new UsageException("unknown command " + Names.quote(command));
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InvalidPathException e) {
            err.println("error: invalid path " + Names.quote(e.getInput()) + ": " + e.getReason());
            return 2;
        } catch (CancelledException e) {
            err.println("cancelled: " + e.getMessage());
            return 1;
        } catch (FlatpakException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Path defaultHome() {
        String env = System.getenv("FLATPAK_PIPELINE_HOME");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of(".flatpak-pipeline");
    }
}
