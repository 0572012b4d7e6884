package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ManagementLink;
import hudson.util.FormValidation;
import io.jenkins.plugins.flatpak.jenkins.hpi.Bytecode.Call;
import io.jenkins.plugins.flatpak.jenkins.hpi.Bytecode.ClassInfo;
import io.jenkins.plugins.flatpak.jenkins.hpi.Bytecode.MethodInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;
import org.objectweb.asm.Type;

/**
 * Jenkins' security conventions for web methods ({@code do*}), checked in the compiled classes:
 * <ul>
 *   <li>form checks and list fills ({@code doCheck*}, {@code doFill*}, {@code doAutoComplete*}) are POST-only
 *       (Jenkins sends them as POST) and check a permission before answering;</li>
 *   <li>every other web method states its verb: {@code @POST}/{@code @RequirePOST} when it may change
 *       anything, {@code @GET} when it only reads, so nothing changes state through a GET;</li>
 *   <li>on a {@link ManagementLink}, whose permission only hides the link, every web method checks a permission.</li>
 * </ul>
 */
class WebMethodSecurityIT {
    private static final Set<String> PERMISSION_CHECKS = Set.of("checkPermission", "hasPermission", "hasPermission2",
            "checkAnyPermission", "hasAnyPermission");
    private static final String POST = "Lorg/kohsuke/stapler/verb/POST;";
    private static final String REQUIRE_POST = "Lorg/kohsuke/stapler/interceptor/RequirePOST;";
    private static final String GET = "Lorg/kohsuke/stapler/verb/GET;";

    static boolean isWebMethod(MethodInfo m) {
        return m.isPublic() && !m.isSynthetic() && m.name().matches("do[A-Z].*");
    }

    static boolean isFormMethod(MethodInfo m) {
        return m.name().startsWith("doCheck") || m.name().startsWith("doFill") || m.name().startsWith("doAutoComplete");
    }

    /** Finds a plugin class's bytecode by internal name, or null for classes outside the plugin. */
    interface Classes {
        ClassInfo find(String internalName);
    }

    /** Whether the method, or a plugin method it calls (a few levels deep), checks a permission. */
    static boolean checksPermission(MethodInfo m, int depth, Set<String> visited, Classes classes) {
        for (Call call : m.calls()) {
            if (PERMISSION_CHECKS.contains(call.name())) {
                return true;
            }
        }
        if (depth == 0) {
            return false;
        }
        for (Call call : m.calls()) {
            if (!visited.add(call.owner() + "." + call.name() + call.descriptor())) {
                continue;
            }
            ClassInfo owner = classes.find(call.owner());
            if (owner == null) {
                continue;
            }
            for (MethodInfo callee : owner.methodsNamed(call.name())) {
                if (callee.descriptor().equals(call.descriptor()) && checksPermission(callee, depth - 1, visited, classes)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> violations(ClassInfo c, boolean managementLink, Classes classes) {
        List<String> problems = new ArrayList<>();
        for (MethodInfo m : c.methods()) {
            if (!isWebMethod(m)) {
                continue;
            }
            String where = c.name().replace('/', '.') + "#" + m.name();
            boolean post = m.hasAnnotation(POST) || m.hasAnnotation(REQUIRE_POST);
            boolean get = m.hasAnnotation(GET);
            boolean permission = checksPermission(m, 3, new HashSet<>(), classes);
            if (isFormMethod(m)) {
                if (!post) {
                    problems.add(where + " must be @POST");
                }
                if (!permission) {
                    problems.add(where + " answers without checking a permission");
                }
            } else {
                if (!post && !get) {
                    problems.add(where + " must be @POST/@RequirePOST, or @GET when it changes nothing");
                }
                if (post && get) {
                    problems.add(where + " is both @GET and @POST");
                }
                if (managementLink && !permission) {
                    problems.add(where + " is on a management link but checks no permission");
                }
            }
        }
        return problems;
    }

    @Test
    void everyWebMethodOfThePluginFollowsTheConventions() throws IOException {
        List<String> problems = new ArrayList<>();
        int formMethods = 0;
        for (String className : PluginArchive.classNames()) {
            if (!className.startsWith("io.jenkins.plugins.flatpak.jenkins.")) {
                continue;
            }
            ClassInfo info = Bytecode.read(PluginArchive.classBytes(className));
            boolean link = ManagementLink.class.isAssignableFrom(PluginArchive.load(className));
            problems.addAll(violations(info, link, WebMethodSecurityIT::pluginClass));
            formMethods += (int) info.methods().stream().filter(m -> isWebMethod(m) && isFormMethod(m)).count();
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(formMethods >= 12, "found only " + formMethods + " doCheck/doFill methods");
    }

    @Test
    void theRulesCatchWhatTheyAreMeantToCatch() throws IOException {
        Classes samples = name -> name.equals(Type.getInternalName(Safe.class)) ? testClass(Safe.class)
                : name.equals(Type.getInternalName(Helper.class)) ? testClass(Helper.class) : null;
        List<String> unsafe = violations(testClass(Unsafe.class), true, samples);
        assertEquals(List.of(
                Unsafe.class.getName() + "#doCheckName must be @POST",
                Unsafe.class.getName() + "#doCheckName answers without checking a permission",
                Unsafe.class.getName() + "#doDeleteAll must be @POST/@RequirePOST, or @GET when it changes nothing",
                Unsafe.class.getName() + "#doDeleteAll is on a management link but checks no permission"), unsafe);
        assertEquals(List.of(), violations(testClass(Safe.class), true, samples));
    }

    private static ClassInfo pluginClass(String internalName) {
        if (!internalName.startsWith("io/jenkins/plugins/flatpak/")) {
            return null;
        }
        try {
            return Bytecode.read(PluginArchive.classBytes(internalName.replace('/', '.')));
        } catch (IOException | AssertionError e) {
            return null;
        }
    }

    private static ClassInfo testClass(Class<?> c) {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getPackageName().length() + 1) + ".class")) {
            return Bytecode.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Breaks every rule. */
    public static class Unsafe {
        public FormValidation doCheckName(@QueryParameter String value) {
            return value == null ? null : FormValidation.ok();
        }

        public void doDeleteAll() {
            System.gc();
        }
    }

    /** Keeps every rule, the permission check made in a helper. */
    public static class Safe {
        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            if (!allowed()) {
                return FormValidation.ok();
            }
            return FormValidation.ok(value);
        }

        @RequirePOST
        public void doDeleteAll() {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }

        @GET
        public void doLog() {
            Helper.check();
        }

        private static boolean allowed() {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
    }

    /** A permission check in another class, as form helpers do. */
    public static class Helper {
        static void check() {
            Jenkins.get().checkPermission(Jenkins.READ);
        }
    }
}
