package io.jenkins.plugins.flatpak.jenkins.model;

/** Short human-readable durations for the build pages. */
final class Durations {
    private Durations() {}

    static String describe(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min " + (s % 60) + " s";
        }
        return (m / 60) + " h " + (m % 60) + " min";
    }
}
