package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.build.GitSource;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An "agent" workspace in a directory of its own, apart from every controller directory. What a remoting
 * channel would do is done by hand: the callable is serialized and read back before it runs (so it must carry
 * only serializable data), and {@link #fetch} copies files rather than sharing them.
 *
 * <p>{@link #cloneWithCredentials} stands in for git-client (which needs a running Jenkins): it clones with the
 * engine's git, without credentials, into the directory the step asks for.
 */
public final class LocalAgentWorkspace implements AgentWorkspace {
    private final Path dir;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger fetchedFiles = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong fetchedBytes = new java.util.concurrent.atomic.AtomicLong();
    volatile int lastCallableBytes;

    public LocalAgentWorkspace(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String path() {
        return dir.toString();
    }

    @Override
    public String describe() {
        return dir + " on the test agent";
    }

    /**
     * As a remoting export: a proxy that survives serialization (here: by id within the JVM), whose calls run on
     * the exported object.
     */
    @Override
    public <T> T export(Class<T> type, T instance) {
        String id = java.util.UUID.randomUUID().toString();
        EXPORTED.put(id, instance);
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Exported(id)));
    }

    private static final Map<String, Object> EXPORTED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Exported(String id) implements java.lang.reflect.InvocationHandler, java.io.Serializable {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "exported " + id
                        : method.getName().equals("hashCode") ? id.hashCode() : proxy == args[0];
            }
            Object target = EXPORTED.get(id);
            if (target == null) {
                throw new IOException("the exported object " + id + " is gone");
            }
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public <T> T act(FilePath.FileCallable<T> callable) throws IOException, InterruptedException {
        calls.incrementAndGet();
        FilePath.FileCallable<T> remote = overTheWire(callable);
        return remote.invoke(dir.toFile(), null);
    }

    @SuppressWarnings("unchecked")
    private <T> T overTheWire(T object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        lastCallableBytes = bytes.size();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void fetchFiles(String agentDir, List<String> relativePaths, Path localDir) throws IOException {
        Path from = Path.of(agentDir);
        if (!from.startsWith(dir)) {
            throw new IOException(agentDir + " is not on this agent");
        }
        for (String relative : relativePaths) {
            Path source = from.resolve(relative).normalize();
            if (!source.startsWith(from)) {
                throw new IOException(relative + " is outside " + agentDir);
            }
            Path target = localDir.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            fetchedFiles.incrementAndGet();
            fetchedBytes.addAndGet(Files.size(target));
        }
    }

    @Override
    public boolean copyTo(String agentFile, java.io.OutputStream out) throws IOException {
        Path f = Path.of(agentFile);
        if (!Files.exists(f)) {
            return false;
        }
        Files.copy(f, out);
        return true;
    }

    @Override
    public void delete(String agentPath) {
        Trees.delete(Path.of(agentPath));
    }

    @Override
    public void cloneWithCredentials(String gitUrl, String gitBranch, String credentialsId, String agentDir,
            Run<?, ?> run, TaskListener listener, Map<String, String> environment) {
        Path into = Path.of(agentDir);
        Trees.delete(into);
        GitSource.shallowClone(new ToolRunner(), gitUrl, gitBranch, into, listener.getLogger()::println,
                Cancellation.none());
    }
}
