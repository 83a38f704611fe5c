package dev.wanka.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import dev.wanka.workload.WorkloadId;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  /**
   * Two jobs of 8 on one node of 8: the first from 0 to 3600, the second submitted at 60 and
   * started at {@code secondStart}.
   */
  static TwinResult twin(long secondStart) {
    long end = secondStart + 3600;
    return new TwinResult(
        List.of(
            new JobOutcome(
                WorkloadId.of(1),
                0,
                3600,
                OptionalLong.of(0),
                OptionalLong.of(3600),
                8,
                0,
                0,
                0,
                8 * 3600),
            new JobOutcome(
                WorkloadId.of(2),
                60,
                3600,
                OptionalLong.of(secondStart),
                OptionalLong.of(end),
                8,
                0,
                0,
                0,
                8 * 3600)),
        end,
        3,
        List.of(
            new TimelineSample(0, 8, 0, 1, 8, 0, 0),
            new TimelineSample(60, 8, 1, 1, 8, 0, 0),
            new TimelineSample(3600, 0, 1, 0, 8, 8, 0),
            new TimelineSample(secondStart, 8, 0, 1, 8, 0, 0),
            new TimelineSample(end, 0, 0, 0, 8, 8, 0)),
        0,
        List.of(),
        new DeviceTime(
            List.of(
                new DeviceTime.Pool(
                    "h100", Catalog.bundled().find("h100-sxm").orElseThrow(), 8, 8 * 7200, 0)),
            8 * (secondStart - 3600),
            0));
  }

  static ScenarioResult result(String name, long... secondStarts) {
    List<String> policies = List.of("fifo", "sjf", "las");
    List<ScenarioResult.PolicyRun> runs = new java.util.ArrayList<>();
    for (int i = 0; i < secondStarts.length; i++) {
      runs.add(
          ScenarioResult.PolicyRun.of(
              policies.get(i), 1, twin(secondStarts[i]), PowerModel.defaults()));
    }
    return new ScenarioResult(name, 2, 1, 0, 0, runs, PowerModel.defaults());
  }

  @Test
  void thePageHoldsTheVerdictTablesAndFourChartsAndNothingFromElsewhere() {
    String html = HtmlReport.render(result("demo<&>", 3600, 4200));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("Scenario demo&lt;&amp;&gt;");
    assertThat(html).contains("<div class=\"verdict\">\n<p>fifo wins: mean job completion time");
    assertThat(html).contains("<td>fifo</td><td>1</td><td>2/2</td>");
    assertThat(html).contains("<td>sjf</td><td>1</td><td>2/2</td>");
    assertThat(html.split("<svg", -1)).hasSize(5);
    assertThat(html)
        .contains("Utilization over time")
        .contains("Queue length")
        .contains("Fragmentation over time")
        .contains("Job completion time (CDF)")
        .contains("h100-sxm 700 W (catalog)")
        .doesNotContain("<script")
        .doesNotContain("http");
  }

  @Test
  void theBestValueOfEachColumnIsBold() {
    // fifo: JCT (3600 + 7140) / 2 = 5370 s = 89.5 min; sjf: (3600 + 7740) / 2 = 5670 s
    String html = HtmlReport.render(result("demo", 3600, 4200));
    assertThat(html).contains("<td><b>89.5 min</b></td>").contains("<td>94.5 min</td>");
  }
}
