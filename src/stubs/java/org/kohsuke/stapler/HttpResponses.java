package org.kohsuke.stapler;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class HttpResponses {
    public HttpResponses() {}

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException("stub");
    }

    public static HttpResponse text(String text) {
        throw new UnsupportedOperationException("stub");
    }

    public static HttpResponseException notFound() {
        throw new UnsupportedOperationException("stub");
    }

    public static HttpResponseException errorWithoutStack(int code, String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static HttpResponse plainText(String text) {
        throw new UnsupportedOperationException("stub");
    }

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        private static final long serialVersionUID = 1L;

        public HttpResponseException() {}

        public HttpResponseException(String message) {
            super(message);
        }
    }
}
