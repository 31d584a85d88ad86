package org.keyfleet.app.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The evaluation as a PNG (java.awt, headless): left, the ratio of each strategy's realised mean to the clairvoyant
 * mean against the forecast skill; right, the realised pair key of every run per strategy and skill (dots), their
 * mean (bar) and p10–p90 (whisker), beside the clairvoyant plans' distribution.
 */
public final class EvaluationPlot {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 560;
    private static final int MARGIN = 70;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private EvaluationPlot() {
    }

    /** Draws the summaries (as {@link Evaluation#run} returns them) into {@code file}. */
    public static void write(List<Summary> summaries, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, MARGIN, 28);
            List<String> strategies = new ArrayList<>(new LinkedHashSet<>(summaries.stream().map(Summary::strategy).toList()));
            List<String> skills = new ArrayList<>(new LinkedHashSet<>(summaries.stream().map(Summary::skill).toList()));
            ratioPanel(g, summaries, strategies, skills, MARGIN, 60, WIDTH / 2 - 2 * MARGIN, HEIGHT - 140);
            distributionPanel(g, summaries, strategies, WIDTH / 2 + MARGIN / 2, 60, WIDTH / 2 - 3 * MARGIN / 2,
                    HEIGHT - 140);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static void ratioPanel(Graphics2D g, List<Summary> all, List<String> strategies, List<String> skills,
                                   int x, int y, int w, int h) {
        double max = 1;
        for (Summary s : all) {
            if (Double.isFinite(s.ratioToClairvoyant())) {
                max = Math.max(max, s.ratioToClairvoyant());
            }
        }
        axes(g, x, y, w, h, "realised mean / clairvoyant mean", 0, max, "%.0f %%", 100);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < skills.size(); k++) {
            int px = xAt(x, w, k, skills.size());
            g.setColor(Color.BLACK);
            g.drawString(skills.get(k), px - g.getFontMetrics().stringWidth(skills.get(k)) / 2, y + h + 18);
        }
        g.drawString("forecast skill", x + w / 2 - 40, y + h + 40);
        for (int s = 0; s < strategies.size(); s++) {
            g.setColor(COLOURS[s % COLOURS.length]);
            g.setStroke(new BasicStroke(2.5f));
            int lastX = -1;
            int lastY = -1;
            for (int k = 0; k < skills.size(); k++) {
                Summary m = find(all, strategies.get(s), skills.get(k));
                if (m == null || !Double.isFinite(m.ratioToClairvoyant())) {
                    continue;
                }
                int px = xAt(x, w, k, skills.size());
                int py = yAt(y, h, m.ratioToClairvoyant(), 0, max);
                g.fillOval(px - 5, py - 5, 10, 10);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
            g.drawString(strategies.get(s), x + 10, y + 18 + 16 * s);
        }
    }

    private static void distributionPanel(Graphics2D g, List<Summary> all, List<String> strategies, int x, int y, int w,
                                          int h) {
        double max = 1;
        for (Summary s : all) {
            for (RunOutcome o : s.outcomes()) {
                max = Math.max(max, o.realisedBits());
            }
            for (Clairvoyant c : s.clairvoyant()) {
                max = Math.max(max, c.plannedBits());
            }
        }
        axes(g, x, y, w, h, "pair key per run, Mbit", 0, max, "%.0f", 1e-6);
        int columns = all.size() + 1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < columns; i++) {
            boolean clairvoyant = i == all.size();
            Summary s = all.get(clairvoyant ? 0 : i);
            double[] values = clairvoyant ? s.clairvoyant().stream().mapToDouble(Clairvoyant::plannedBits).toArray()
                    : s.outcomes().stream().mapToDouble(RunOutcome::realisedBits).toArray();
            Distribution d = clairvoyant ? s.clairvoyantBits() : s.realisedBits();
            Color c = clairvoyant ? Color.DARK_GRAY : COLOURS[strategies.indexOf(s.strategy()) % COLOURS.length];
            int px = xAt(x, w, i, columns);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
            for (int r = 0; r < values.length; r++) {
                int jitter = (int) ((Evaluation.mix(r, i) & 0xFFFF) % 21) - 10;
                int py = yAt(y, h, values[r], 0, max);
                g.fillOval(px + jitter - 3, py - 3, 6, 6);
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(px + 16, yAt(y, h, d.p10(), 0, max), px + 16, yAt(y, h, d.p90(), 0, max));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(px - 14, yAt(y, h, d.mean(), 0, max), px + 20, yAt(y, h, d.mean(), 0, max));
            String label = clairvoyant ? "clairvoyant" : s.strategy();
            String sub = clairvoyant ? "(plan)" : s.skill();
            g.setColor(Color.BLACK);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, y + h + 18);
            g.drawString(sub, px - g.getFontMetrics().stringWidth(sub) / 2, y + h + 32);
        }
    }

    private static void axes(Graphics2D g, int x, int y, int w, int h, String label, double min, double max,
                             String tickFormat, double tickScale) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(x, y + h, x + w, y + h);
        g.drawLine(x, y, x, y + h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 5; t++) {
            double v = min + (max - min) * t / 5;
            int py = yAt(y, h, v, min, max);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x + 1, py, x + w, py);
            g.setColor(Color.BLACK);
            String s = String.format(Locale.ROOT, tickFormat, v * tickScale);
            g.drawString(s, x - 6 - g.getFontMetrics().stringWidth(s), py + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(label, x, y - 8);
    }

    private static int xAt(int x, int w, int i, int n) {
        return x + (int) Math.round(w * (i + 0.5) / n);
    }

    private static int yAt(int y, int h, double v, double min, double max) {
        return y + h - (int) Math.round(h * (v - min) / (max - min));
    }

    private static Summary find(List<Summary> all, String strategy, String skill) {
        return all.stream().filter(s -> s.strategy().equals(strategy) && s.skill().equals(skill)).findFirst()
                .orElse(null);
    }
}
