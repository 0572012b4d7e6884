package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One caller's publish waiting in a {@link PublishQueue}: which commits go where, and its outcome. */
final class PublishJob {
    final Path buildRepo;
    /** Ref to commit checksum in {@link #buildRepo}, validated. */
    final Map<String, String> refs;
    final PublishTarget target;
    final SigningKey key;
    /** Retired keys of the repository that sign too, while its clients learn the new key (see {@link KeyRotation}). */
    final List<SigningKey> coSigners;
    final ToolRunner runner;
    final OutputSink log;
    /** Ref to commit in the target, filled by the import; the future completes once a signed summary lists them. */
    final Map<String, String> published = Collections.synchronizedMap(new LinkedHashMap<>());
    final CompletableFuture<Map<String, String>> done = new CompletableFuture<>();
    /** Set under the queue's monitor when a worker takes the job: from then on it can no longer be withdrawn. */
    boolean started;

    PublishJob(Path buildRepo, Map<String, String> refs, PublishTarget target, SigningKey key,
            List<SigningKey> coSigners, ToolRunner runner, OutputSink log) {
        this.buildRepo = buildRepo.toAbsolutePath().normalize();
        this.refs = Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        this.target = target;
        this.key = key;
        this.coSigners = key == null ? List.of() : List.copyOf(coSigners);
        this.runner = runner;
        this.log = log;
    }

    /** Who signs: jobs with the same signer can share a GnuPG home and a summary update. */
    String signer() {
        return key == null ? "unsigned" : String.join(",", keys().stream().map(PublishJob::signer).toList());
    }

    static String signer(SigningKey key) {
        return key == null ? "unsigned" : key.fingerprint() + "/" + key.keyId();
    }

    /** Every key that signs, the main one first; empty for an unsigned publish. */
    List<SigningKey> keys() {
        if (key == null) {
            return List.of();
        }
        List<SigningKey> all = new java.util.ArrayList<>();
        all.add(key);
        all.addAll(coSigners);
        return all;
    }

    boolean failed() {
        return done.isCompletedExceptionally();
    }

    void fail(RuntimeException e) {
        done.completeExceptionally(e);
    }
}
