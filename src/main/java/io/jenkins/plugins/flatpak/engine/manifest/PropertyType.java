package io.jenkins.plugins.flatpak.engine.manifest;

/** The JSON shape flatpak-builder requires of a manifest property. */
enum FieldType {
    STRING("a string"),
    BOOLEAN("true or false"),
    INTEGER("an integer"),
    STRINGS("a list of strings"),
    /** Any value (x- properties). */
    ANY("anything"),
    /** A list of module objects or module file names. */
    MODULES("a list of modules (objects or file names)"),
    /** A list of source objects or sources file names. */
    SOURCES("a list of sources (objects or file names)"),
    /** A build-options object. */
    OPTIONS("a build-options object"),
    /** An object of extension name to extension object. */
    EXTENSIONS("an object of extensions"),
    /** An object of variable name to string (or null to unset). */
    ENV("an object of variables"),
    /** An object of arch name to build-options object. */
    ARCH_OPTIONS("an object of arch to build-options");

    final String expected;

    FieldType(String expected) {
        this.expected = expected;
    }
}
