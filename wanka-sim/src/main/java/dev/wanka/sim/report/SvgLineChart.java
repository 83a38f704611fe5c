package dev.wanka.sim.report;

import java.util.List;
import java.util.Locale;

/** A {@link LineChart} as inline SVG: no script, no external resource. */
final class SvgLineChart {
  private SvgLineChart() {}

  static String render(LineChart chart) {
    int w = LineChart.WIDTH;
    int h = LineChart.HEIGHT;
    int left = LineChart.LEFT;
    int top = LineChart.TOP;
    int plotWidth = LineChart.PLOT_WIDTH;
    int plotHeight = LineChart.PLOT_HEIGHT;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg id=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-label=\"%s\">%n",
            escape(chart.id()),
            w,
            h,
            w,
            h,
            escape(chart.title())));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>%n",
            left,
            escape(chart.title())));
    List<LineChart.Tick> xTicks = chart.xTicks();
    List<LineChart.Tick> yTicks = chart.yTicks();
    for (int i = 0; i < yTicks.size(); i++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>%n",
              left,
              yTicks.get(i).at(),
              left + plotWidth,
              yTicks.get(i).at(),
              left - 6,
              yTicks.get(i).at() + 4,
              yTicks.get(i).label()));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>%n",
              xTicks.get(i).at(),
              top + plotHeight + 18,
              xTicks.get(i).label()));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>%n"
                + "<text x=\"16\" y=\"%d\" class=\"axis\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 16 %d)\">%s</text>%n",
            left + plotWidth / 2,
            h - 10,
            escape(chart.xLabel()),
            top + plotHeight / 2,
            top + plotHeight / 2,
            escape(chart.yLabel())));
    for (int k = 0; k < chart.series().size(); k++) {
      LineChart.Series s = chart.series().get(k);
      String colour = LineChart.colour(k);
      double[][] path = chart.path(s);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < path[0].length; i++) {
        if (i > 0) {
          points.append(' ');
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f", path[0][i], path[1][i]));
      }
      StringBuilder dash = new StringBuilder();
      for (float length : LineChart.dash(k)) {
        dash.append(dash.length() == 0 ? " stroke-dasharray=\"" : " ").append((int) length);
      }
      if (dash.length() > 0) {
        dash.append('"');
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
              points,
              colour,
              dash));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>%n",
              LineChart.legendX(),
              LineChart.legendY(k),
              colour,
              LineChart.legendX() + 15,
              LineChart.legendY(k) + 9,
              escape(s.name())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
