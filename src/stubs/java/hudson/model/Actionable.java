package hudson.model;

import java.io.IOException;
import java.util.List;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Actionable implements ModelObject {
    public Actionable() {}

    public final List<? extends Action> getAllActions() {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public void replaceAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean removeAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }
}
