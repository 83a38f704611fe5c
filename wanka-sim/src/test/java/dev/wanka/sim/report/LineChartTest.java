package dev.wanka.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {
  @Test
  void axisTopsAreRoundNumbers() {
    assertThat(LineChart.niceCeiling(0)).isEqualTo(1);
    assertThat(LineChart.niceCeiling(7)).isEqualTo(10);
    assertThat(LineChart.niceCeiling(1941)).isEqualTo(2000);
    assertThat(LineChart.niceCeiling(2014)).isEqualTo(2500);
    assertThat(LineChart.niceCeiling(0.207)).isEqualTo(0.25);
  }

  @Test
  void pointsMapIntoThePlotAndStepsHoldTheirValueUntilTheNextPoint() {
    LineChart.Series s = new LineChart.Series("s", new double[] {0, 5, 10}, new double[] {0, 4, 2});
    LineChart chart = new LineChart("c", "t", "x", "y", List.of(s), true);
    // x top 10 over 630 units from 70; y top 5 over 240 units down from 30
    assertThat(chart.px(5)).isEqualTo(70 + 315);
    assertThat(chart.py(4)).isCloseTo(30 + 240 * 0.2, within(1e-9));
    double[][] path = chart.path(s);
    assertThat(path[0]).containsExactly(70, 385, 385, 700, 700);
    assertThat(path[1]).containsExactly(new double[] {270, 270, 78, 78, 174}, within(1e-9));
  }

  @Test
  void aLongSeriesKeepsTheFirstLowestHighestAndLastPointOfEachColumn() {
    int n = 100_000;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = 100 + 600.0 * i / n;
      ys[i] = i == 50_000 ? 10 : i == 50_001 ? 250 : 100;
    }
    double[][] kept = LineChart.thinned(xs, ys);
    assertThat(kept[0].length).isLessThanOrEqualTo(4 * 600 + 4);
    assertThat(kept[1]).contains(10.0, 250.0);
    assertThat(kept[0][0]).isEqualTo(100);
    assertThat(kept[0][kept[0].length - 1]).isEqualTo(xs[n - 1]);
    for (int i = 1; i < kept[0].length; i++) {
      assertThat(kept[0][i]).isGreaterThanOrEqualTo(kept[0][i - 1]);
    }
  }
}
