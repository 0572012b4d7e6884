package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed command-line arguments: positionals, {@code --name value} / {@code --name=value} options and flags. */
final class Args {
    final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    static Args parse(List<String> argv, Set<String> valueOptions, Set<String> flagOptions) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                a.positionals.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagOptions.contains(name) && value == null) {
                    a.flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    a.options.put(name, value);
                } else {
                    throw new UsageException("unknown option " + Names.quote(arg));
                }
            } else {
                a.positionals.add(arg);
            }
        }
        return a;
    }

    String get(String name) {
        return options.get(name);
    }

    String require(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("missing --" + name);
        }
        return v;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String onlyPositional(String what) {
        if (positionals.size() != 1) {
            throw new UsageException("expected exactly one " + what);
        }
        return positionals.get(0);
    }
}
