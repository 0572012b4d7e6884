package io.jenkins.plugins.flatpak.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws publish time against N (engine and serial raw CLI) as a PNG with java.awt, headless, and writes the
 * points as CSV. Run on its own ({@code main CSV PNG}) it redraws a plot from a CSV an earlier run wrote.
 */
final class PublishPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 90;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color ENGINE = new Color(0x1f77b4);
    private static final Color SERIAL = new Color(0xd62728);

    private PublishPlot() {}

    public static void main(String[] args) throws IOException {
        List<PublishBenchmark.Point> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank() || line.startsWith("n,")) {
                continue;
            }
            String[] f = line.split(",");
            points.add(new PublishBenchmark.Point(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]), Long.parseLong(f[3]), ""));
        }
        draw(points, Path.of(args[1]));
    }

    static void writeCsv(List<PublishBenchmark.Point> points, Path csv) throws IOException {
        StringBuilder s = new StringBuilder("n,engine_seconds,serial_cli_seconds,engine_summary_updates\n");
        for (PublishBenchmark.Point p : points) {
            s.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d%n", p.n(), p.engineSeconds(), p.serialSeconds(),
                    p.summaryUpdates()));
        }
        Files.writeString(csv, s);
    }

    static void draw(List<PublishBenchmark.Point> points, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxN = points.stream().mapToInt(PublishBenchmark.Point::n).max().orElse(1);
        double maxS = points.stream().mapToDouble(p -> Math.max(p.engineSeconds(), p.serialSeconds())).max().orElse(1);
        double xStep = niceStep(maxN);
        double yStep = niceStep(maxS);
        double xMax = Math.ceil(maxN / xStep) * xStep;
        double yMax = Math.ceil(maxS / yStep) * yStep;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (double x = 0; x <= xMax + 1e-9; x += xStep) {
            int px = LEFT + (int) Math.round(x / xMax * plotW);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", x);
            g.drawString(label, px - fm.stringWidth(label) / 2, TOP + plotH + 18);
        }
        for (double y = 0; y <= yMax + 1e-9; y += yStep) {
            int py = TOP + plotH - (int) Math.round(y / yMax * plotH);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String label = yStep < 1 ? String.format(Locale.ROOT, "%.1f", y) : String.format(Locale.ROOT, "%.0f", y);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + 5);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        String xTitle = "N (publishes of distinct apps into one signed repository)";
        g.drawString(xTitle, LEFT + plotW / 2 - fm.stringWidth(xTitle) / 2, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        String yTitle = "wall-clock seconds for all N";
        rotated.drawString(yTitle, -(TOP + plotH / 2) - fm.stringWidth(yTitle) / 2, 25);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Publish time vs N: engine (concurrent, coalesced) and serial raw CLI", LEFT, 30);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        series(g, points, PublishBenchmark.Point::serialSeconds, SERIAL, xMax, yMax, plotW, plotH, -8);
        series(g, points, PublishBenchmark.Point::engineSeconds, ENGINE, xMax, yMax, plotW, plotH, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        legend(g, SERIAL, "serial raw CLI: build-commit-from + build-update-repo per publish", LEFT + 15, TOP + 20);
        legend(g, ENGINE, "engine: N threads calling Engine.publish at once", LEFT + 15, TOP + 40);
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void series(Graphics2D g, List<PublishBenchmark.Point> points,
            ToDoubleFunction<PublishBenchmark.Point> value, Color color, double xMax, double yMax, int plotW, int plotH,
            int labelDy) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        int prevX = -1;
        int prevY = -1;
        int lastLabelX = -1000;
        for (PublishBenchmark.Point p : points) {
            int x = LEFT + (int) Math.round(p.n() / xMax * plotW);
            int y = TOP + plotH - (int) Math.round(value.applyAsDouble(p) / yMax * plotH);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            g.fillOval(x - 4, y - 4, 9, 9);
            if (x - lastLabelX >= 45) {
                g.drawString(String.format(Locale.ROOT, "%.1f s", value.applyAsDouble(p)), x + 6, y + labelDy);
                lastLabelX = x;
            }
            prevX = x;
            prevY = y;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, Color color, String text, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 9, 18, 9);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 26, y);
    }

    /** 1, 2 or 5 times a power of ten, giving 4 to 10 grid lines up to {@code max}. */
    private static double niceStep(double max) {
        double raw = max / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }
}
