package io.jenkins.plugins.flatpak.engine.manifest;

/**
 * The type of a manifest property as flatpak-builder declares it (the GObject property of its builder classes),
 * with the JSON values json-glib turns into it. A value of another JSON type is not an error to flatpak-builder:
 * json-glib warns ("Failed to deserialize ...") and leaves the property unset.
 */
enum PropertyType {
    /** {@code gchararray}: a JSON string; null leaves it unset without a warning. */
    STRING("a string", "gchararray"),
    /** {@code gboolean}: true or false only (not 0/1, not "true"). */
    BOOLEAN("true or false", "gboolean"),
    /** {@code gint} (token-type: -1 to 2^31-1): a JSON integer, cut to 32 bits as C does. */
    INT("an integer", "gint"),
    /** {@code guint} (strip-components): a JSON integer, cut to 32 bits as C does. */
    UINT("an integer", "guint"),
    /** {@code gint64} (source-date-epoch: 0 and up). */
    INT64("an integer", "gint64"),
    /** {@code guint64} (extra-data size, installed-size). */
    UINT64("an integer", "guint64"),
    /** {@code GStrv}: a JSON list; elements that are not strings are dropped without a warning. */
    STRINGS("a list of strings", "GStrv"),
    /** A list of module objects or module file names; one element of another kind drops the whole list. */
    MODULES("a list of modules (objects or file names)", "gpointer"),
    /** A list of source objects or sources file names; one bad element drops the whole list. */
    SOURCES("a list of sources (objects or file names)", "gpointer"),
    /** A build-options object. */
    OPTIONS("a build-options object", "BuilderOptions"),
    /** An object of extension name to extension object; one value that is no object drops them all. */
    EXTENSIONS("an object of extensions", "gpointer"),
    /** An object of variable to string or null, or a list of VAR=value strings. */
    ENV("an object of variables or a list of VAR=value strings", "GStrv"),
    /** An object of arch name to build-options object; one value that is no object drops them all. */
    ARCH_OPTIONS("an object of arch to build-options", "GHashTable");

    /** What the value must be, for messages. */
    final String expected;
    /** The GType name flatpak-builder's warnings name ({@code Failed to deserialize "x" property of type "..."}). */
    final String gtype;

    PropertyType(String expected, String gtype) {
        this.expected = expected;
        this.gtype = gtype;
    }

    /** Whether the value is read by the caller (lists of modules or sources, nested objects) rather than here. */
    boolean structured() {
        return ordinal() >= MODULES.ordinal();
    }
}
