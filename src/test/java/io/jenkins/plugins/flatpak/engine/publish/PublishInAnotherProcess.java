package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link PublishQueueTest} in a JVM of its own: publishes one commit, then checks at once that the
 * signed summary lists it. Arguments: build-repo, ref, checksum, target repo, armored key file. Prints
 * {@code published <commit>}, {@code listed <true|false>} and {@code updates <n>}.
 */
public final class PublishInAnotherProcess {
    private PublishInAnotherProcess() {}

    public static void main(String[] args) throws Exception {
        Path buildRepo = Path.of(args[0]);
        String ref = args[1];
        Path repo = Path.of(args[3]);
        try (SigningKey key = SigningKey.parse(Files.readAllBytes(Path.of(args[4])), null)) {
            Map<String, String> published = new Publisher(new ToolRunner()).publish(buildRepo, Map.of(ref, args[2]),
                    PublishTarget.simple("stable", repo), key, line -> { }, Cancellation.none());
            List<String> listed = SignedSummary.refs(repo, key.publicKeyBinary());
            System.out.println("published " + published.get(ref));
            System.out.println("listed " + listed.contains(ref));
            System.out.println("updates " + SummaryQueue.of(repo).updatesRun());
        }
        System.exit(0);
    }
}
