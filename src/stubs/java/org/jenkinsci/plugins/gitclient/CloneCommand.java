package org.jenkinsci.plugins.gitclient;

import java.util.List;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface CloneCommand extends GitCommand {
    CloneCommand url(String url);

    CloneCommand repositoryName(String name);

    CloneCommand shallow(boolean shallow);

    CloneCommand depth(Integer depth);

    CloneCommand tags(boolean tags);

    CloneCommand timeout(Integer timeout);

    CloneCommand refspecs(List<?> refspecs);
}
