package dev.wanka.sim.report;

import dev.wanka.sim.scenario.ScenarioResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's report charts as PNG files: utilization.png, queue.png, fragmentation.png and
 * jct-cdf.png, the same charts as in {@link HtmlReport}, 1440 × 640 pixels, rendered headless with
 * a bundled bitmap font (no installed font needed).
 */
public final class PngCharts {
  private PngCharts() {}

  /** File name to PNG bytes, in the report's order. */
  public static Map<String, byte[]> render(ScenarioResult result) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (LineChart chart : ReportCharts.of(result)) {
      files.put(chart.id() + ".png", PngLineChart.png(chart));
    }
    return files;
  }
}
