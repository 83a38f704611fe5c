package dev.wanka.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A {@link LineChart} as a PNG image, {@value #SCALE} pixels per canvas unit. Lines are drawn with
 * java.awt's 2D graphics; text with the bundled {@link BitmapFont}, never with java.awt fonts, so
 * the image renders headless on a JDK with no font installed.
 */
final class PngLineChart {
  /** Image pixels per canvas unit. */
  static final int SCALE = 2;

  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color GRID = new Color(0xEE, 0xEE, 0xEE);
  private static final Color AXIS = new Color(0x99, 0x99, 0x99);

  private PngLineChart() {}

  /** The chart as an image of {@code WIDTH × SCALE} by {@code HEIGHT × SCALE} pixels. */
  static BufferedImage image(LineChart chart) {
    BufferedImage image =
        new BufferedImage(
            LineChart.WIDTH * SCALE, LineChart.HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.scale(SCALE, SCALE);
      draw(g, chart);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The chart as PNG bytes. */
  static byte[] png(LineChart chart) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image(chart), "png", bytes)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart " + chart.id() + " as PNG", e);
    }
    return bytes.toByteArray();
  }

  private static void draw(Graphics2D g, LineChart chart) {
    int left = LineChart.LEFT;
    int top = LineChart.TOP;
    int right = left + LineChart.PLOT_WIDTH;
    int bottom = top + LineChart.PLOT_HEIGHT;
    text(g, chart.title(), left, 18, Anchor.START, INK, true);
    List<LineChart.Tick> xTicks = chart.xTicks();
    List<LineChart.Tick> yTicks = chart.yTicks();
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i < yTicks.size(); i++) {
      g.setColor(i == 0 ? AXIS : GRID);
      line(g, left, yTicks.get(i).at(), right, yTicks.get(i).at());
      text(g, yTicks.get(i).label(), left - 6, yTicks.get(i).at() + 4, Anchor.END, INK, false);
      text(g, xTicks.get(i).label(), xTicks.get(i).at(), bottom + 18, Anchor.MIDDLE, INK, false);
    }
    g.setColor(AXIS);
    line(g, left, top, left, bottom);
    text(
        g,
        chart.xLabel(),
        left + LineChart.PLOT_WIDTH / 2.0,
        LineChart.HEIGHT - 10,
        Anchor.MIDDLE,
        INK,
        false);
    AffineTransform unrotated = g.getTransform();
    g.rotate(-Math.PI / 2, 16, top + LineChart.PLOT_HEIGHT / 2.0);
    text(g, chart.yLabel(), 16, top + LineChart.PLOT_HEIGHT / 2.0, Anchor.MIDDLE, INK, false);
    g.setTransform(unrotated);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    for (int k = 0; k < chart.series().size(); k++) {
      double[][] path = chart.path(chart.series().get(k));
      float[] dash = LineChart.dash(k);
      g.setStroke(
          new BasicStroke(
              1.5f,
              BasicStroke.CAP_BUTT,
              BasicStroke.JOIN_ROUND,
              10f,
              dash.length == 0 ? null : dash,
              0f));
      g.setColor(Color.decode(LineChart.colour(k)));
      if (path[0].length > 0) {
        Path2D.Double line = new Path2D.Double();
        line.moveTo(path[0][0], path[1][0]);
        for (int i = 1; i < path[0].length; i++) {
          line.lineTo(path[0][i], path[1][i]);
        }
        g.draw(line);
      }
    }
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    for (int k = 0; k < chart.series().size(); k++) {
      Color colour = Color.decode(LineChart.colour(k));
      g.setColor(Color.WHITE);
      g.fillRect(
          LineChart.legendX() - 2,
          LineChart.legendY(k) - 2,
          BitmapFont.width(chart.series().get(k).name()) + 19,
          14);
      g.setColor(colour);
      g.fillRect(LineChart.legendX(), LineChart.legendY(k), 10, 10);
      text(
          g,
          chart.series().get(k).name(),
          LineChart.legendX() + 15,
          LineChart.legendY(k) + 9,
          Anchor.START,
          INK,
          false);
    }
  }

  private static void line(Graphics2D g, double x1, double y1, double x2, double y2) {
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  /** Where a text's x is: at its start, middle or end, as SVG's text-anchor. */
  private enum Anchor {
    START,
    MIDDLE,
    END
  }

  /**
   * Draws a text with its baseline at {@code y}, one canvas unit per font pixel; bold draws each
   * glyph twice, half a unit apart.
   */
  private static void text(
      Graphics2D g, String text, double x, double y, Anchor anchor, Color colour, boolean bold) {
    int width = BitmapFont.width(text);
    double start =
        anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - width / 2.0 : x - width;
    double glyphTop = y - BitmapFont.ASCENT;
    g.setColor(colour);
    for (int i = 0; i < text.length(); i++) {
      boolean[][] glyph = BitmapFont.glyph(text.charAt(i));
      double left = start + i * BitmapFont.ADVANCE;
      for (int row = 0; row < BitmapFont.ROWS; row++) {
        for (int column = 0; column < BitmapFont.COLUMNS; column++) {
          if (glyph[row][column]) {
            g.fill(new Rectangle2D.Double(left + column, glyphTop + row, bold ? 1.5 : 1, 1));
          }
        }
      }
    }
  }
}
