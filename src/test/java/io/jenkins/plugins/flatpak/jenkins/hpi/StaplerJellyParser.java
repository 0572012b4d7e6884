package io.jenkins.plugins.flatpak.jenkins.hpi;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.jelly.JellyContext;

/**
 * Parses Jelly views as Jenkins does when it first renders them: with Stapler's Jelly context
 * ({@code JellyClassLoaderTearOff.createContext()}), whose parser reads {@code ${%…}} as Stapler's internationalized
 * expressions (with the view's resource bundle) and every other {@code ${…}} with JEXL; the tag libraries of Jelly
 * and Stapler ({@code jelly:core}, {@code jelly:fmt}, {@code jelly:stapler}) are the real ones, Jenkins' own tag
 * files ({@code /lib/form}, {@code /lib/layout}, ...) are not on the class path, so their tags parse as static tags
 * whose attributes are still compiled as expressions.
 *
 * <p>The parser runs in a JVM of its own, on a class path of the parser's libraries only: the test class path has the
 * compile-only Jenkins stubs, which shadow Stapler's classes; and a view can make Stapler's parser spin forever (a
 * lone {@code '} inside {@code ${%…}}), so each view gets a deadline and the JVM is killed when it passes.
 */
final class StaplerJellyParser {
    private static final String PREFIX = "@@jelly ";

    /** A class of each library the parser loads, to find its jar on the test class path. */
    private static final List<String> LIBRARIES = List.of(
            "org.kohsuke.stapler.MetaClassLoader", // stapler
            "org.kohsuke.stapler.jelly.JellyClassLoaderTearOff", // stapler-jelly
            "org.apache.commons.jelly.JellyContext", // commons-jelly
            "org.apache.commons.jexl.ExpressionFactory", // commons-jexl
            "org.apache.commons.jelly.tags.fmt.FmtTagLibrary", // jelly:fmt
            "org.apache.commons.beanutils.BeanUtils",
            "org.apache.commons.collections.ArrayStack",
            "org.apache.commons.logging.LogFactory",
            "org.apache.commons.discovery.resource.ClassLoaders",
            "org.apache.commons.fileupload.FileItem",
            "org.apache.commons.lang.StringUtils",
            "javax.servlet.ServletContext",
            "org.jvnet.localizer.LocaleProvider",
            "com.google.common.cache.CacheBuilder", // guava
            "com.google.common.util.concurrent.internal.InternalFutureFailureAccess", // guava's failureaccess
            "net.sf.json.JSONObject",
            StaplerJellyParser.class.getName());

    private StaplerJellyParser() {}

    /**
     * Parses each view; returns the views that failed, each with what went wrong (an empty map when all parse).
     * A view whose parse does not return within {@code perView} is reported as hanging.
     */
    static Map<Path, String> parse(List<Path> views, Duration perView) throws IOException, InterruptedException {
        Map<Path, String> failures = new LinkedHashMap<>();
        List<Path> remaining = new ArrayList<>(views);
        while (!remaining.isEmpty()) {
            remaining = parseInChild(remaining, perView, failures);
        }
        return failures;
    }

    /** Runs one parser JVM over the views; returns the views it did not reach because one of them hung. */
    private static List<Path> parseInChild(List<Path> views, Duration perView, Map<Path, String> failures)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", classPath(),
                StaplerJellyParser.class.getName()));
        views.forEach(v -> command.add(v.toAbsolutePath().toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(PREFIX)) {
                        lines.add(line.substring(PREFIX.length()));
                    }
                }
            } catch (IOException e) {
                // the child was killed
            } finally {
                lines.add("END");
            }
        }, "jelly-parser-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String ready = lines.poll(2, TimeUnit.MINUTES);
            if (!"READY".equals(ready)) {
                throw new IllegalStateException("the parser JVM did not start (" + ready + ", exit "
                        + (child.isAlive() ? "none yet" : child.exitValue()) + ")");
            }
            for (int i = 0; i < views.size(); i++) {
                Path view = views.get(i);
                String line = lines.poll(perView.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    failures.put(view, "the parser did not return within " + perView.toSeconds() + " s (it spins:"
                            + " a ' inside ${%…}?)");
                    return views.subList(i + 1, views.size());
                }
                if (line.equals("END")) {
                    failures.put(view, "the parser JVM ended before parsing it (exit " + child.waitFor() + ")");
                    return views.subList(i + 1, views.size());
                }
                if (!line.equals("OK " + i)) {
                    String expected = "FAIL " + i + " ";
                    failures.put(view, line.startsWith(expected) ? line.substring(expected.length()) : line);
                }
            }
            return List.of();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String name : LIBRARIES) {
            try {
                Class<?> c = Class.forName(name, false, StaplerJellyParser.class.getClassLoader());
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("the Jelly parser's library with " + name + " is not on the test class path", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The parser JVM: parses each view given as an argument in turn, printing {@code OK i} or {@code FAIL i why}.
     * Classes the Jenkins stubs also declare ({@code org.kohsuke.stapler.Stapler}) are reached by reflection, as
     * this class is compiled against the stubs.
     */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = StaplerJellyParser.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        enterRequest(loader);
        Class<?> metaClassLoader = loader.loadClass("org.kohsuke.stapler.MetaClassLoader");
        Object meta = metaClassLoader.getMethod("get", ClassLoader.class).invoke(null, loader);
        Class<?> tearOffType = loader.loadClass("org.kohsuke.stapler.jelly.JellyClassLoaderTearOff");
        Object tearOff = metaClassLoader.getMethod("loadTearOff", Class.class).invoke(meta, tearOffType);
        // the first parse loads most of the parser's classes: do it before the deadlines start
        JellyContext warmUp = (JellyContext) tearOffType.getMethod("createContext").invoke(tearOff);
        Path empty = java.nio.file.Files.createTempFile("empty", ".jelly");
        java.nio.file.Files.writeString(empty, "<?jelly escape-by-default='true'?>\n<j:jelly xmlns:j=\"jelly:core\""
                + " xmlns:f=\"/lib/form\"><f:entry title=\"${%key}\"><j:if test=\"${a != null}\">${b}</j:if></f:entry></j:jelly>\n");
        warmUp.compileScript(empty.toUri().toURL());
        java.nio.file.Files.delete(empty);
        System.out.println(PREFIX + "READY");
        for (int i = 0; i < args.length; i++) {
            try {
                JellyContext context = (JellyContext) tearOffType.getMethod("createContext").invoke(tearOff);
                context.compileScript(Path.of(args[i]).toUri().toURL());
                System.out.println(PREFIX + "OK " + i);
            } catch (Throwable t) {
                System.out.println(PREFIX + "FAIL " + i + " " + describe(t));
            }
            System.out.flush();
        }
    }

    /**
     * Stapler finds a view's resource bundle through the current request's web application, as it does while
     * serving a page: a web application over an empty servlet context and a request to nothing.
     */
    private static void enterRequest(ClassLoader loader) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        Object servletContext = Proxy.newProxyInstance(loader, new Class<?>[] {javax.servlet.ServletContext.class},
                (proxy, method, a) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "removeAttribute" -> attributes.remove((String) a[0]);
                    default -> null;
                });
        Object request = Proxy.newProxyInstance(loader, new Class<?>[] {javax.servlet.http.HttpServletRequest.class},
                (proxy, method, a) -> method.getName().equals("getLocale") ? Locale.ENGLISH : null);
        Class<?> webAppType = loader.loadClass("org.kohsuke.stapler.WebApp");
        Object webApp = webAppType.getMethod("get", javax.servlet.ServletContext.class).invoke(null, servletContext);
        Class<?> staplerType = loader.loadClass("org.kohsuke.stapler.Stapler");
        Object stapler = staplerType.getConstructor().newInstance();
        Method setWebApp = staplerType.getDeclaredMethod("setWebApp", webAppType);
        setWebApp.setAccessible(true);
        setWebApp.invoke(stapler, webApp);
        Class<?> tokenListType = loader.loadClass("org.kohsuke.stapler.TokenList");
        Constructor<?> tokens = tokenListType.getDeclaredConstructor(String.class);
        tokens.setAccessible(true);
        Class<?> requestType = loader.loadClass("org.kohsuke.stapler.RequestImpl");
        Object current = requestType.getConstructor(staplerType, javax.servlet.http.HttpServletRequest.class, List.class,
                tokenListType).newInstance(stapler, request, new ArrayList<>(), tokens.newInstance(""));
        Field currentRequest = staplerType.getDeclaredField("CURRENT_REQUEST");
        currentRequest.setAccessible(true);
        @SuppressWarnings("unchecked")
        ThreadLocal<Object> threadLocal = (ThreadLocal<Object>) currentRequest.get(null);
        threadLocal.set(current);
    }

    /** The exception and its causes on one line: Jelly wraps the parser's message in a SAX exception. */
    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder();
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof java.lang.reflect.InvocationTargetException) {
                continue;
            }
            String message = String.valueOf(c.getMessage()).replaceAll("\\s+", " ");
            s.append(s.length() == 0 ? "" : " <- ").append(c.getClass().getSimpleName()).append(": ")
                    .append(message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
        return s.toString();
    }
}
