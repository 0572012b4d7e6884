package io.jenkins.plugins.flatpak.jenkins.hpi;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/** What the structural tests need to know about a compiled class, read with ASM. */
public final class Bytecode {
    private Bytecode() {}

    /** A method call in a method body. */
    public record Call(String owner, String name, String descriptor) {}

    /** One declared method: access flags, annotation descriptors with their visibility, and the calls it makes. */
    public record MethodInfo(String name, String descriptor, int access, Map<String, Boolean> annotations, List<Call> calls) {
        public boolean hasAnnotation(String descriptor) {
            return annotations.containsKey(descriptor);
        }

        public boolean isPublic() {
            return (access & Opcodes.ACC_PUBLIC) != 0;
        }

        public boolean isSynthetic() {
            return (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0;
        }
    }

    /** A class: its name (internal form), supertypes, annotations and methods. */
    public record ClassInfo(String name, String superName, List<String> interfaces, Map<String, Boolean> annotations,
            List<MethodInfo> methods) {
        public List<MethodInfo> methodsNamed(String name) {
            return methods.stream().filter(m -> m.name().equals(name)).toList();
        }
    }

    public static ClassInfo read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Boolean> classAnnotations = new LinkedHashMap<>();
        List<MethodInfo> methods = new ArrayList<>();
        String[] header = new String[2];
        List<String> interfaces = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] ifaces) {
                header[0] = name;
                header[1] = superName;
                if (ifaces != null) {
                    interfaces.addAll(List.of(ifaces));
                }
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                classAnnotations.put(descriptor, visible);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                Map<String, Boolean> annotations = new LinkedHashMap<>();
                List<Call> calls = new ArrayList<>();
                methods.add(new MethodInfo(name, descriptor, access, annotations, calls));
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                        annotations.put(desc, visible);
                        return null;
                    }

                    @Override
                    public AnnotationVisitor visitParameterAnnotation(int parameter, String desc, boolean visible) {
                        annotations.put(desc, visible);
                        return null;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean isInterface) {
                        calls.add(new Call(owner, mname, mdesc));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return new ClassInfo(header[0], header[1], interfaces, classAnnotations, methods);
    }

    public static ClassInfo read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    /**
     * Every type a class refers to, in internal form: supertypes, field and method descriptors and
     * signatures, annotations, instructions, constants, lambdas.
     */
    public static Set<String> referencedTypes(byte[] classFile) {
        Set<String> types = new LinkedHashSet<>();
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                types.add(internalName);
                return internalName;
            }
        };
        new ClassReader(classFile).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {}, collector), 0);
        return types;
    }

    /** Every annotation (descriptor) anywhere in the class, with whether it is visible at run time. */
    public static Map<String, Boolean> allAnnotations(byte[] classFile) {
        Map<String, Boolean> all = new LinkedHashMap<>();
        ClassInfo info = read(classFile);
        all.putAll(info.annotations());
        for (MethodInfo m : info.methods()) {
            m.annotations().forEach((d, v) -> all.merge(d, v, Boolean::logicalAnd));
        }
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature,
                    Object value) {
                return new org.objectweb.asm.FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                        all.merge(desc, visible, Boolean::logicalAnd);
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        return all;
    }
}
