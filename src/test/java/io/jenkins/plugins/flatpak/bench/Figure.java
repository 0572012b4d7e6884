package io.jenkins.plugins.flatpak.bench;

import java.util.List;
import java.util.Locale;

/**
 * One measured figure against its baseline, printed as one line that ends in the ratio, e.g.
 * {@code [bench 1] publish N=20 signed: engine 3.10 s vs serial CLI 9.80 s; 2 summary updates; target <= 0.35 met; ratio 0.32}.
 *
 * @param benchmark     the benchmark's number in issue 4
 * @param name          what was measured ({@code publish N=20 signed})
 * @param subjectLabel  what the subject is ({@code engine})
 * @param subject       the subject's value, in {@code unit}
 * @param baselineLabel what the baseline is ({@code serial CLI}, or {@code limit} for a fixed bound)
 * @param baseline      the baseline's value, in {@code unit}
 * @param unit          {@code s}, {@code ms}, {@code bytes}, …
 * @param details       further facts printed between the values and the target ({@code 2 summary updates})
 * @param maxRatio      the target: subject / baseline must not exceed it
 */
public record Figure(int benchmark, String name, String subjectLabel, double subject, String baselineLabel,
        double baseline, String unit, List<String> details, double maxRatio) {

    public Figure {
        details = List.copyOf(details);
    }

    /** Subject and baseline in seconds, from nanoseconds. */
    public static Figure seconds(int benchmark, String name, String subjectLabel, long subjectNanos,
            String baselineLabel, long baselineNanos, List<String> details, double maxRatio) {
        return new Figure(benchmark, name, subjectLabel, subjectNanos / 1e9, baselineLabel, baselineNanos / 1e9, "s",
                details, maxRatio);
    }

    public double ratio() {
        return baseline == 0 ? Double.POSITIVE_INFINITY : subject / baseline;
    }

    public boolean met() {
        return ratio() <= maxRatio;
    }

    public String line() {
        StringBuilder s = new StringBuilder()
                .append("[bench ").append(benchmark).append("] ").append(name).append(": ")
                .append(subjectLabel).append(' ').append(value(subject)).append(' ').append(unit)
                .append(" vs ").append(baselineLabel).append(' ').append(value(baseline)).append(' ').append(unit);
        for (String d : details) {
            s.append("; ").append(d);
        }
        return s.append("; target <= ").append(format(maxRatio)).append(met() ? " met" : " MISSED")
                .append("; ratio ").append(format(ratio())).toString();
    }

    private static String value(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : format(v);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
