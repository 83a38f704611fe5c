package dev.wanka.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sim.accounting.EnergyUse;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.RunSummary;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void theWinnerHasTheLowestMeanCompletionTimeAndTheReasonSplitsItsLead() {
    // fifo: JCT (3600 + 7140) / 2 = 5370 s, wait (0 + 3540) / 2 = 1770 s
    // sjf:  JCT (3600 + 7740) / 2 = 5670 s, wait (0 + 4140) / 2 = 2070 s: all 300 s are waiting
    // energy (TDP 700 W, idle 105 W): fifo 8 x 7200 x 105 + 57600 x 595 J = 11.2 kWh
    List<String> verdict = Verdict.of(HtmlReportTest.result("x", 3600, 4200));
    assertThat(verdict)
        .containsExactly(
            "fifo wins: mean job completion time 89.5 min, 5.3% below the next best, sjf"
                + " (94.5 min).",
            "Why: its jobs queued less — mean wait 29.5 min vs 34.5 min, 5.0 min of the 5.0 min"
                + " lead. Capacity: allocation ratio 100.0% vs 92.3%, fragmentation 0.0% vs"
                + " 0.0%.",
            "Best on each other figure — p99 completion time: fifo (119.0 min); mean wait: fifo"
                + " (29.5 min); utilization: fifo (100.0%); energy: fifo (11.20 kWh).");
  }

  @Test
  void policiesWithinHalfAPercentTie() {
    assertThat(Verdict.of(HtmlReportTest.result("x", 3600, 3610)).get(0))
        .isEqualTo("No clear winner on mean job completion time: fifo 89.5 min, sjf 89.6 min.");
    assertThat(Verdict.of(HtmlReportTest.result("x", 3600, 3600)))
        .containsExactly(
            "No clear winner on mean job completion time: fifo 89.5 min, sjf 89.5 min.",
            "The policies ran alike: p99 completion time, wait, utilization, fragmentation,"
                + " energy and cost are within 0.5% of each other.");
  }

  @Test
  void oneRunIsDescribedNotCompared() {
    assertThat(Verdict.of(HtmlReportTest.result("x", 3600)))
        .containsExactly(
            "Only fifo ran, so there is nothing to compare: mean job completion time 89.5 min,"
                + " mean wait 29.5 min, utilization 100.0%, energy 11.20 kWh.");
  }

  private static RunSummary summary(double jct, double wait, int preemptions, double redone) {
    return summary(10, jct, wait, preemptions, redone);
  }

  private static RunSummary summary(
      long completed, double jct, double wait, int preemptions, double redone) {
    EnergyUse energy =
        new EnergyUse(
            OptionalDouble.of(100),
            OptionalDouble.of(10),
            OptionalDouble.of(10),
            OptionalDouble.of(90),
            "USD",
            List.of());
    return new RunSummary(
        10,
        completed,
        jct,
        (long) jct,
        (long) jct,
        wait,
        (long) wait,
        36_000,
        0.5,
        preemptions,
        0,
        0,
        1.0,
        0.5,
        0.1,
        redone,
        0.9,
        energy);
  }

  @Test
  void aLeadThatIsNotWaitingIsPutDownToRunTimeWithItsPreemptionsAndLostWork() {
    var base = HtmlReportTest.result("x", 3600, 3600);
    var fast =
        new ScenarioResult.PolicyRun(
            "las", 1, base.runs().get(0).result(), summary(4000, 1000, 1, 2));
    var slow =
        new ScenarioResult.PolicyRun(
            "fifo", 1, base.runs().get(1).result(), summary(5000, 1100, 6, 40));
    List<String> verdict =
        Verdict.of(
            new ScenarioResult("x", 10, 0, 0, 0, List.of(slow, fast), PowerModel.defaults()));
    assertThat(verdict.get(0))
        .isEqualTo(
            "las wins: mean job completion time 66.7 min, 20.0% below the next best, fifo"
                + " (83.3 min).");
    assertThat(verdict.get(1))
        .startsWith(
            "Why: its jobs took less time from first start to end (15.0 min of the 16.7 min"
                + " lead; waiting differed by 100 s): 1 vs 6 preemptions, 0 vs 0 interruptions,"
                + " 2 vs 40 device-hours lost.");
    assertThat(verdict.get(2)).doesNotContain("cost").contains("mean wait: las (16.7 min)");
  }

  @Test
  void aWinnerThatCompletedFewerJobsIsFlaggedBecauseItsMeanLeavesTheUnfinishedOut() {
    var base = HtmlReportTest.result("x", 3600, 3600);
    var fast =
        new ScenarioResult.PolicyRun(
            "las", 1, base.runs().get(0).result(), summary(7, 4000, 1000, 1, 2));
    var slow =
        new ScenarioResult.PolicyRun(
            "fifo", 1, base.runs().get(1).result(), summary(10, 5000, 1100, 6, 40));
    List<String> verdict =
        Verdict.of(
            new ScenarioResult("x", 10, 0, 0, 0, List.of(slow, fast), PowerModel.defaults()));
    assertThat(verdict.get(0)).startsWith("las wins");
    assertThat(verdict.get(1))
        .isEqualTo(
            "But las completed fewer jobs: 7 of 10, against 10 for fifo; completion times count"
                + " completed jobs only.");
  }
}
