package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What validating a manifest found: the verdict, every error and warning, and what was read (the values a build
 * uses), so anyone can compare it with {@code flatpak-builder --show-manifest}. Plain strings and lists only, so
 * it travels from an agent to the controller; {@link #text()} and {@link #json()} render it.
 *
 * @param manifest    the manifest file, relative to the source tree
 * @param accepted    whether a build may start from it
 * @param errors      why it is refused (empty when accepted)
 * @param warnings    what flatpak-builder would warn about and ignore
 * @param read        what was read; null when refused
 */
public record ManifestReport(String manifest, boolean accepted, List<Problem> errors, List<Problem> warnings,
        Read read) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Arches a build order is shown for when none is asked for: Flathub's, and those the manifest names. */
    public static final List<String> DEFAULT_ARCHES = List.of("x86_64", "aarch64");

    public ManifestReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /**
     * The values read from an accepted manifest.
     *
     * @param appId         the app (or runtime, extension) id
     * @param kind          app, runtime or extension
     * @param runtime       runtime id
     * @param runtimeBranch runtime branch
     * @param sdk           SDK id
     * @param sdkBranch     SDK branch
     * @param branch        the branch exported without {@code --default-branch}
     * @param branchFrom    where that branch comes from: {@code branch}, {@code default-branch} or {@code master}
     * @param command       the command, or null
     * @param modules       the module tree
     * @param buildOrder    arch to the modules built there, in order
     * @param includes      module and sources files included
     */
    public record Read(String appId, String kind, String runtime, String runtimeBranch, String sdk, String sdkBranch,
            String branch, String branchFrom, String command, List<Module> modules, Map<String, List<String>> buildOrder,
            List<String> includes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * One module of the tree.
     *
     * @param name        its name
     * @param buildsystem as written, or null (autotools)
     * @param disabled    {@code disabled: true}
     * @param onlyArches  {@code only-arches}
     * @param skipArches  {@code skip-arches}
     * @param sources     the type of each source
     * @param file        the file it is written in
     * @param modules     modules nested in it
     */
    public record Module(String name, String buildsystem, boolean disabled, List<String> onlyArches,
            List<String> skipArches, List<String> sources, String file, List<Module> modules) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static ManifestReport accepted(Manifest m, List<String> arches) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (String arch : arches) {
            order.put(arch, new ArrayList<>(m.moduleNames(arch)));
        }
        String branchFrom = m.branch() != null ? "branch" : m.defaultBranch() != null ? "default-branch" : "master";
        Read read = new Read(m.appId(), m.kind().name().toLowerCase(java.util.Locale.ROOT), m.runtime(),
                m.runtimeBranch(), m.sdk(), m.sdkBranch(), m.branchFor(null), branchFrom, m.command(),
                modules(m.modules()), order, new ArrayList<>(m.includedFiles()));
        return new ManifestReport(m.name(), true, List.of(), m.warnings(), read);
    }

    static ManifestReport refused(String manifest, ManifestException e) {
        return new ManifestReport(manifest, false, e.problems(), e.warnings(), null);
    }

    private static List<Module> modules(List<ManifestModule> modules) {
        List<Module> out = new ArrayList<>();
        for (ManifestModule m : modules) {
            List<String> sources = new ArrayList<>();
            m.sources().forEach(s -> sources.add(s.type()));
            out.add(new Module(m.name(), m.buildsystem(), m.disabled(), new ArrayList<>(m.onlyArches()),
                    new ArrayList<>(m.skipArches()), sources, m.file(), modules(m.modules())));
        }
        return out;
    }

    /** The report for people: one value a line, the module tree indented. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("manifest: ").append(Names.escape(manifest)).append('\n');
        sb.append("verdict:  ").append(accepted ? "accepted" : "refused").append('\n');
        if (read != null) {
            sb.append("id:       ").append(read.appId()).append(" (").append(read.kind()).append(")\n");
            sb.append("runtime:  ").append(read.runtime()).append("//").append(read.runtimeBranch()).append('\n');
            sb.append("sdk:      ").append(read.sdk()).append("//").append(read.sdkBranch()).append('\n');
            sb.append("branch:   ").append(read.branch()).append(switch (read.branchFrom()) {
                case "branch" -> " (branch: --default-branch cannot change it)";
                case "default-branch" -> " (default-branch: --default-branch overrides it)";
                default -> " (neither branch nor default-branch: --default-branch sets it)";
            }).append('\n');
            sb.append("command:  ").append(read.command() == null ? "(none)" : Names.escape(read.command())).append('\n');
            sb.append("modules:").append(read.modules().isEmpty() ? " (none)" : "").append('\n');
            tree(sb, read.modules(), "  ");
            sb.append("build order:\n");
            read.buildOrder().forEach((arch, names) -> sb.append("  ").append(arch).append(": ")
                    .append(names.isEmpty() ? "(nothing)" : Names.escape(String.join(", ", names))).append('\n'));
            if (!read.includes().isEmpty()) {
                sb.append("includes: ").append(Names.escape(String.join(", ", read.includes()))).append('\n');
            }
        }
        problems(sb, "errors", errors);
        problems(sb, "warnings", warnings);
        return sb.toString();
    }

    private static void tree(StringBuilder sb, List<Module> modules, String indent) {
        for (Module m : modules) {
            sb.append(indent).append("- ").append(m.name() == null ? "(no name)" : Names.escape(m.name())).append(" (")
                    .append(m.buildsystem() == null ? "autotools" : Names.escape(m.buildsystem()));
            if (!m.sources().isEmpty()) {
                sb.append("; sources: ").append(String.join(", ", m.sources()));
            }
            if (m.disabled()) {
                sb.append("; disabled");
            }
            if (!m.onlyArches().isEmpty()) {
                sb.append("; only ").append(Names.escape(String.join(", ", m.onlyArches())));
            }
            if (!m.skipArches().isEmpty()) {
                sb.append("; not on ").append(Names.escape(String.join(", ", m.skipArches())));
            }
            sb.append(")\n");
            tree(sb, m.modules(), indent + "  ");
        }
    }

    private static void problems(StringBuilder sb, String what, List<Problem> list) {
        sb.append(what).append(':').append(list.isEmpty() ? " none" : "").append('\n');
        for (Problem p : list) {
            sb.append("  - ").append(p).append('\n');
        }
    }

    /** The report as JSON: manifest, verdict, errors, warnings, and the values read (absent when refused). */
    public ObjectNode json() {
        ObjectNode o = NODES.objectNode();
        o.put("manifest", manifest);
        o.put("verdict", accepted ? "accepted" : "refused");
        if (read != null) {
            o.put("id", read.appId());
            o.put("kind", read.kind());
            o.putObject("runtime").put("id", read.runtime()).put("branch", read.runtimeBranch());
            o.putObject("sdk").put("id", read.sdk()).put("branch", read.sdkBranch());
            o.put("branch", read.branch());
            o.put("branchFrom", read.branchFrom());
            o.put("command", read.command());
            o.set("modules", modulesJson(read.modules()));
            ObjectNode order = o.putObject("buildOrder");
            read.buildOrder().forEach((arch, names) -> {
                ArrayNode a = order.putArray(arch);
                names.forEach(a::add);
            });
            ArrayNode includes = o.putArray("includes");
            read.includes().forEach(includes::add);
        }
        o.set("errors", problemsJson(errors));
        o.set("warnings", problemsJson(warnings));
        return o;
    }

    private static ArrayNode modulesJson(List<Module> modules) {
        ArrayNode a = NODES.arrayNode();
        for (Module m : modules) {
            ObjectNode o = a.addObject();
            o.put("name", m.name());
            o.put("buildsystem", m.buildsystem() == null ? "autotools" : m.buildsystem());
            o.put("disabled", m.disabled());
            ArrayNode only = o.putArray("onlyArches");
            m.onlyArches().forEach(only::add);
            ArrayNode skip = o.putArray("skipArches");
            m.skipArches().forEach(skip::add);
            ArrayNode sources = o.putArray("sources");
            m.sources().forEach(sources::add);
            o.put("file", m.file());
            o.set("modules", modulesJson(m.modules()));
        }
        return a;
    }

    private static ArrayNode problemsJson(List<Problem> problems) {
        ArrayNode a = NODES.arrayNode();
        for (Problem p : problems) {
            a.addObject().put("file", p.file()).put("field", p.field()).put("message", p.message());
        }
        return a;
    }
}
