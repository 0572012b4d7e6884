package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
