package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/** Lists, on the agent, the objects of a build's export repository: names and sizes only, no content. */
final class AgentInventoryCallable extends MasterToSlaveFileCallable<ObjectInventory> {
    private static final long serialVersionUID = 1L;

    private final String exportRepo;
    private final LinkedHashMap<String, String> refs;

    AgentInventoryCallable(String exportRepo, Map<String, String> refs) {
        this.exportRepo = exportRepo;
        this.refs = new LinkedHashMap<>(refs);
    }

    @Override
    public ObjectInventory invoke(File workspace, VirtualChannel channel) {
        return ObjectInventory.of(Path.of(exportRepo), refs);
    }
}
