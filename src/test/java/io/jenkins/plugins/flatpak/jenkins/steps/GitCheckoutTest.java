package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The credentialed checkout asks git-client for its command-line git ({@code Git.using("git")}), not the JGit
 * client it builds otherwise, which would run in the agent's JVM and ignore the agent's git configuration,
 * credential helpers, proxies and LFS. git-client needs a running Jenkins, so this reads what the compiled
 * {@code cloneWithCredentials} calls, in order.
 */
class GitCheckoutTest {
    @Test
    void theCredentialedCheckoutUsesCommandLineGit() throws Exception {
        List<String> calls = new ArrayList<>();
        try (InputStream in = FilePathWorkspace.class.getResourceAsStream("FilePathWorkspace.class")) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    if (!name.equals("cloneWithCredentials")) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        private Object lastConstant;

                        @Override
                        public void visitLdcInsn(Object value) {
                            lastConstant = value;
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc,
                                boolean itf) {
                            if (owner.equals("org/jenkinsci/plugins/gitclient/Git")) {
                                calls.add(method + (method.equals("using") ? "(" + lastConstant + ")" : ""));
                            }
                            lastConstant = null;
                        }
                    };
                }
            }, 0);
        }
        assertEquals(List.of("with", "in", "using(git)", "getClient"), calls);
    }
}
