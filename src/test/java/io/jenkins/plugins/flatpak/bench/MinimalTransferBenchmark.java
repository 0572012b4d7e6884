package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.CacheSample;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectPack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 4: bytes moved from the building machine into the build-repo for a rebuild after a one-file change,
 * against that file's size.
 *
 * <p>Sample: {@link CacheSample} with an {@code assets} module of {@code transfer.bulk} incompressible bytes
 * (default 8 MiB) so the app is much larger than the change. For each size in {@code transfer.sizes} (default
 * 262144 and 16384 bytes): the app is built on the "agent" (its own work root) and moved into a fresh build-repo
 * the way the Jenkins layer does without a shared filesystem ({@link ObjectInventory#of}, {@code missing},
 * {@link ObjectPack} over a byte stream, {@code importPartial}); then the payload file is replaced by as many new
 * incompressible bytes, the app rebuilt and moved again. The subject is the size of the stream of that second
 * move; copying the whole export repository (what the Jenkins layer did before) is printed for comparison.
 */
public final class MinimalTransferBenchmark implements Benchmark {
    @Override
    public String id() {
        return "transfer";
    }

    @Override
    public int order() {
        return 4;
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        int bulk = context.intSetting("transfer.bulk", 8 << 20);
        List<Figure> figures = new ArrayList<>();
        for (int size : context.intListSetting("transfer.sizes", 262144, 16384)) {
            Path source = CacheSample.create(context.newDir("src").resolve("src"), 3, 200, size, 1, bulk);
            FlatpakBuilder agent = new FlatpakBuilder(context.runner(), context.newDir("agent"));
            BuildRepository controller = new BuildRepository(context.newDir("controller").resolve("build-repo"),
                    context.runner());
            BuildSpec spec = BuildSpec.fromDirectory(source.toString(), CacheSample.MANIFEST);

            BuildResult first = agent.build("b-1", spec, context.log(), Cancellation.none());
            Moved full = move(controller, "b-1", first, context);
            long changed = CacheSample.writePayload(source, size, 2);
            BuildResult second = agent.build("b-2", spec, context.log(), Cancellation.none());
            long growthBefore = Trees.size(controller.repo().path().resolve("objects"));
            Moved partial = move(controller, "b-2", second, context);
            long growth = Trees.size(controller.repo().path().resolve("objects")) - growthBefore;

            String appRef = "app/" + CacheSample.APP_ID + "/" + second.arch() + "/" + second.branch();
            String agentTree = new io.jenkins.plugins.flatpak.engine.repo.OstreeRepo(Path.of(second.exportRepo()),
                    context.runner()).rootTree(second.refs().get(appRef), null);
            if (!agentTree.equals(controller.repo().rootTree(partial.imported.get(appRef), null))) {
                throw new AssertionError("the imported commit's content differs from the agent's");
            }
            if (!controller.repo().fsck(null).isEmpty()) {
                throw new AssertionError("ostree fsck of the build-repo failed");
            }
            figures.add(new Figure(4, "one-file change (" + size + " bytes) moved into the build-repo",
                    "sent", partial.wireBytes, "file", changed, "bytes",
                    List.of(partial.objects + " of " + partial.inventoryObjects + " objects",
                            "whole export repo " + full.inventoryBytes + " bytes",
                            "build-repo grew " + growth + " bytes",
                            String.format("move %.2f s", partial.nanos / 1e9)), 2.0));
        }
        return figures;
    }

    private record Moved(int objects, int inventoryObjects, long inventoryBytes, long wireBytes, long nanos,
            Map<String, String> imported) {}

    /** Inventory on the agent, missing on the controller, a stream of just those, import. */
    private static Moved move(BuildRepository controller, String id, BuildResult result, BenchContext context) {
        long start = System.nanoTime();
        ObjectInventory inventory = ObjectInventory.of(Path.of(result.exportRepo()), result.refs());
        List<String> missing = controller.missing(inventory);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ObjectPack.write(Path.of(result.exportRepo()), missing, wire);
        Path staging = controller.createStaging(id, context.log(), Cancellation.none());
        ObjectPack.read(new ByteArrayInputStream(wire.toByteArray()), staging, inventory, missing);
        Map<String, String> imported = controller.importPartial(id, staging, inventory, context.log(),
                Cancellation.none());
        return new Moved(missing.size(), inventory.objects().size(), inventory.bytes(), wire.size(),
                System.nanoTime() - start, imported);
    }
}
