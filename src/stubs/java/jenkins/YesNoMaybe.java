package jenkins;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
