package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * What Stapler and structs read by reflection: parameter names of data-bound constructors, setters and
 * web-method query parameters (compiled with {@code -parameters}), and annotations kept for run time.
 */
class DataBindingIT {
    private static final List<String> JENKINS_ANNOTATION_PREFIXES = List.of("Lhudson/", "Ljenkins/", "Lorg/jenkinsci/",
            "Lorg/kohsuke/", "Lcom/cloudbees/");

    @Test
    void dataBoundConstructorsAndSettersHaveTheirParameterNames() throws IOException {
        List<String> problems = new ArrayList<>();
        int constructors = 0;
        int setters = 0;
        for (Class<?> c : PluginArchive.classes()) {
            List<Constructor<?>> bound = new ArrayList<>();
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                    bound.add(k);
                }
            }
            if (bound.size() > 1) {
                problems.add(c.getName() + " has " + bound.size() + " @DataBoundConstructors");
            }
            for (Constructor<?> k : bound) {
                constructors++;
                if (!Modifier.isPublic(k.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
                    problems.add(c.getName() + ": the @DataBoundConstructor must be public, on a concrete class");
                }
                for (Parameter p : k.getParameters()) {
                    if (!p.isNamePresent()) {
                        problems.add(c.getName() + " constructor parameter " + p + " has no name (compile with -parameters)");
                    }
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(DataBoundSetter.class)) {
                    continue;
                }
                setters++;
                if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1 || !m.getName().startsWith("set")) {
                    problems.add(c.getName() + "#" + m.getName() + ": a @DataBoundSetter must be a public one-argument setXxx");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(constructors >= 2 && setters >= 10, "found only " + constructors + " constructors and " + setters + " setters");
    }

    @Test
    void queryParametersHaveTheirNames() throws IOException {
        List<String> problems = new ArrayList<>();
        int methods = 0;
        for (Class<?> c : PluginArchive.classes()) {
            for (Method m : c.getDeclaredMethods()) {
                boolean web = false;
                for (Parameter p : m.getParameters()) {
                    QueryParameter q = p.getAnnotation(QueryParameter.class);
                    if (q == null) {
                        continue;
                    }
                    web = true;
                    if (q.value().isEmpty() && !p.isNamePresent()) {
                        problems.add(c.getName() + "#" + m.getName() + " parameter " + p + " has no name");
                    }
                }
                if (web) {
                    methods++;
                    if (!Modifier.isPublic(m.getModifiers())) {
                        problems.add(c.getName() + "#" + m.getName() + " takes @QueryParameters but is not public");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(methods >= 8, "found only " + methods + " web methods with query parameters");
    }

    @Test
    void jenkinsAnnotationsAreKeptForRunTime() throws IOException {
        List<String> problems = new ArrayList<>();
        int seen = 0;
        for (String className : PluginArchive.classNames()) {
            for (Map.Entry<String, Boolean> a : Bytecode.allAnnotations(PluginArchive.classBytes(className)).entrySet()) {
                if (JENKINS_ANNOTATION_PREFIXES.stream().noneMatch(a.getKey()::startsWith)) {
                    continue;
                }
                seen++;
                if (!a.getValue()) {
                    problems.add(className + ": " + a.getKey() + " is not visible at run time (its stub lacks RUNTIME retention)");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(seen >= 20, "found only " + seen + " Jenkins annotations");
    }

    @Test
    void theStubAnnotationsThemselvesAreRuntimeRetained() {
        for (Class<? extends Annotation> a : List.of(hudson.Extension.class, org.jenkinsci.Symbol.class,
                DataBoundConstructor.class, DataBoundSetter.class, QueryParameter.class,
                org.kohsuke.stapler.AncestorInPath.class, org.kohsuke.stapler.verb.POST.class,
                org.kohsuke.stapler.verb.GET.class, org.kohsuke.stapler.interceptor.RequirePOST.class,
                org.kohsuke.stapler.export.Exported.class, org.kohsuke.stapler.export.ExportedBean.class)) {
            Retention r = a.getAnnotation(Retention.class);
            assertEquals(RetentionPolicy.RUNTIME, r == null ? null : r.value(), a.getName());
        }
    }
}
