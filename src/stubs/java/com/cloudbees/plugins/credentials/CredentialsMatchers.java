package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class CredentialsMatchers {
    private CredentialsMatchers() {}

    public static CredentialsMatcher always() {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher never() {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher instanceOf(Class<?> clazz) {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher withId(String id) {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher withScope(CredentialsScope scope) {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher withScopes(CredentialsScope... scopes) {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("stub");
    }

    public static CredentialsMatcher allOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> C firstOrNull(Iterable<C> credentials, CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("stub");
    }
}
