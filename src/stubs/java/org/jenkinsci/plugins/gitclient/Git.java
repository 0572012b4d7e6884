package org.jenkinsci.plugins.gitclient;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.TaskListener;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class Git implements Serializable {
    private static final long serialVersionUID = 1L;

    public Git(TaskListener listener, EnvVars env) {}

    public static Git with(TaskListener listener, EnvVars env) {
        throw new UnsupportedOperationException("stub");
    }

    public Git in(File repository) {
        throw new UnsupportedOperationException("stub");
    }

    public Git in(FilePath repository) {
        throw new UnsupportedOperationException("stub");
    }

    public Git using(String exe) {
        throw new UnsupportedOperationException("stub");
    }

    public GitClient getClient() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
