package dev.wanka.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.TimelineSample;
import dev.wanka.sim.twin.TwinResult;
import dev.wanka.workload.WorkloadId;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static TwinResult twin() {
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
                OptionalLong.of(3600),
                OptionalLong.of(7200),
                8,
                0,
                0,
                0,
                8 * 3600)),
        7200,
        3,
        8,
        8 * 7200,
        List.of(
            new TimelineSample(0, 8, 0, 1),
            new TimelineSample(60, 8, 1, 1),
            new TimelineSample(3600, 8, 0, 1)),
        0,
        List.of());
  }

  @Test
  void thePageHoldsTheTableAndThreeChartsAndNothingFromElsewhere() {
    ScenarioResult result =
        new ScenarioResult(
            "demo<&>", 2, 1, 0, List.of(new ScenarioResult.PolicyRun("fifo", 1, twin())));
    String html = HtmlReport.render(result);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("Scenario demo&lt;&amp;&gt;");
    assertThat(html).contains("<td>fifo</td><td>1</td><td>2/2</td>");
    assertThat(html.split("<svg", -1)).hasSize(4);
    assertThat(html)
        .contains("Utilization over time")
        .contains("Queue length")
        .contains("Job completion time (CDF)")
        .doesNotContain("<script")
        .doesNotContain("http");
  }

  @Test
  void axisTopsAreRoundNumbers() {
    assertThat(SvgLineChart.niceCeiling(0)).isEqualTo(1);
    assertThat(SvgLineChart.niceCeiling(7)).isEqualTo(10);
    assertThat(SvgLineChart.niceCeiling(1941)).isEqualTo(2000);
    assertThat(SvgLineChart.niceCeiling(2014)).isEqualTo(2500);
    assertThat(SvgLineChart.niceCeiling(0.207)).isEqualTo(0.25);
  }
}
