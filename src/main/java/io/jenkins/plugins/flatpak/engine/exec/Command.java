package io.jenkins.plugins.flatpak.engine.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external command as an argument list, never a shell string. Option values are attached
 * ({@code --name=value}) so that a value starting with '-' can never be read as an option; positional
 * values that might start with '-' go after {@link #endOfOptions()}.
 */
public final class Command {
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private Path directory;
    private byte[] stdin;

    private Command(String program) {
        args.add(Objects.requireNonNull(program, "program"));
    }

    public static Command of(String program, String... args) {
        Command c = new Command(program);
        for (String a : args) {
            c.arg(a);
        }
        return c;
    }

    /** A literal argument chosen by the engine (a subcommand or a flag). */
    public Command arg(String arg) {
        args.add(Objects.requireNonNull(arg, "arg"));
        return this;
    }

    /** {@code --name=value}: the value stays attached to its option. */
    public Command option(String name, String value) {
        if (!name.startsWith("-")) {
            throw new IllegalArgumentException("option name must start with '-': " + name);
        }
        return arg(name + "=" + Objects.requireNonNull(value, name));
    }

    /** {@code --}: everything after it is positional. */
    public Command endOfOptions() {
        return arg("--");
    }

    /**
     * A positional value. It must not look like an option unless {@link #endOfOptions()} came first;
     * callers validate values, this is the last line of defence.
     */
    public Command positional(String value) {
        Objects.requireNonNull(value, "value");
        if (value.startsWith("-") && !args.contains("--")) {
            throw new IllegalArgumentException("positional value would be read as an option: " + value);
        }
        return arg(value);
    }

    public Command env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Command directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Bytes written to the process's standard input, then closed; the way secrets reach a tool. */
    public Command stdin(byte[] input) {
        this.stdin = input == null ? null : input.clone();
        return this;
    }

    /** A value masked as {@code ****} wherever this command is shown or its output is logged. */
    public Command secret(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
        return this;
    }

    public List<String> args() {
        return Collections.unmodifiableList(args);
    }

    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    public Path directory() {
        return directory;
    }

    /** What the process reads on its standard input, or null for nothing. */
    public byte[] stdinBytes() {
        return stdin;
    }

    List<String> secrets() {
        return Collections.unmodifiableList(secrets);
    }

    public String program() {
        return args.get(0);
    }

    /** Masks every secret of this command in {@code text}. */
    public String mask(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "****");
        }
        return out;
    }

    /** The command as shown in logs and errors: each argument quoted when needed, secrets masked. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String m = mask(a);
            sb.append(m.matches("[A-Za-z0-9_./=:,@%+-]+") ? m : "'" + m.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return display();
    }
}
