/**
 * Moving a build from the machine that built it into the controller's build-repo with no shared filesystem,
 * sending only the objects the build-repo lacks:
 * <ol>
 *   <li>building machine: {@link io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory#of} of the build's
 *       export repository (plain data, crosses the channel);</li>
 *   <li>controller: {@code BuildRepository.missing(inventory)} (names), {@code BuildRepository.createStaging(id)};</li>
 *   <li>building machine writes, controller reads:
 *       {@link io.jenkins.plugins.flatpak.engine.transfer.ObjectPack#write} /
 *       {@link io.jenkins.plugins.flatpak.engine.transfer.ObjectPack#read} (or copy each
 *       {@link io.jenkins.plugins.flatpak.engine.transfer.ObjectNames#relativePath} file as it is);</li>
 *   <li>controller: {@code BuildRepository.importPartial(id, staging, inventory)}, which re-checksums every object
 *       it reads ({@code ostree pull-local --untrusted}).</li>
 * </ol>
 */
package io.jenkins.plugins.flatpak.engine.transfer;
