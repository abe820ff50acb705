package io.understudy.bench.report;

import io.understudy.bench.harness.FailoverResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of the egress rate over time around the kill (time 0, a red line), drawn with java.awt on
 * an off-screen image (headless: no display needed).
 */
public final class RatePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 45;

    private RatePlot() {
    }

    public static void write(String title, FailoverResult failover, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            List<Double> rates = failover.egressRate();
            double maxRate = Math.max(1, rates.stream().mapToDouble(Double::doubleValue).max().orElse(1)) * 1.1;
            double startSec = failover.startOffsetMs() / 1000.0;
            double endSec = startSec + rates.size() * failover.bucketMs() / 1000.0;
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;

            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(String.format("kill -9 %s at 0 s; egress gap %,.0f ms%s", failover.killed(), failover.gapMs(),
                    failover.recovered() ? "" : " or more (not recovered in the window)"), LEFT, 34);

            // axes and grid
            g.setColor(new Color(230, 230, 230));
            for (int i = 0; i <= 4; i++) {
                int y = TOP + plotH - i * plotH / 4;
                g.drawLine(LEFT, y, LEFT + plotW, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotW, plotH);
            for (int i = 0; i <= 4; i++) {
                int y = TOP + plotH - i * plotH / 4;
                g.drawString(String.format("%,.0f", maxRate * i / 4), 5, y + 4);
            }
            double tickStep = niceStep((endSec - startSec) / 10);
            for (double t = Math.ceil(startSec / tickStep) * tickStep; t <= endSec; t += tickStep) {
                int x = LEFT + (int) ((t - startSec) / (endSec - startSec) * plotW);
                g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
                g.drawString(Long.toString(Math.round(t)), x - 8, TOP + plotH + 17); // Math.round: no "-0"
            }
            g.drawString("seconds from the kill", LEFT + plotW / 2 - 50, HEIGHT - 8);
            g.drawString("egress/s", 5, TOP - 4);

            // the kill
            int killX = LEFT + (int) ((0 - startSec) / (endSec - startSec) * plotW);
            g.setColor(new Color(200, 30, 30));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(killX, TOP, killX, TOP + plotH);

            // the rate
            g.setColor(new Color(30, 90, 180));
            g.setStroke(new BasicStroke(1.5f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < rates.size(); i++) {
                int x = LEFT + (int) ((double) i / rates.size() * plotW);
                int y = TOP + plotH - (int) (rates.get(i) / maxRate * plotH);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static double niceStep(double raw) {
        double[] steps = {1, 2, 5, 10, 15, 20, 30, 60};
        for (double step : steps) {
            if (step >= raw) {
                return step;
            }
        }
        return 120;
    }
}
