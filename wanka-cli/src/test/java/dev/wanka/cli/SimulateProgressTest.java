package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import dev.wanka.sim.accounting.DeviceTime;
import dev.wanka.sim.accounting.PowerModel;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.sim.twin.JobOutcome;
import dev.wanka.sim.twin.TwinResult;
import dev.wanka.workload.WorkloadId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress display as a function of the runner's events and an injected clock. */
class SimulateProgressTest {
  private static final long SECOND = 1_000_000_000L;

  /** A clock the test sets. */
  private final long[] nanos = {0};

  private final StringWriter err = new StringWriter();

  private SimulateProgress progress(SimulateProgress.Mode mode) {
    return new SimulateProgress(mode, new PrintWriter(err), () -> nanos[0]);
  }

  /** A run of two jobs, one completed by t=7,200. */
  private static ScenarioResult.PolicyRun run(String policy, long seed) {
    List<JobOutcome> jobs =
        List.of(
            new JobOutcome(
                WorkloadId.of(1),
                0,
                100,
                OptionalLong.of(0),
                OptionalLong.of(100),
                1,
                0,
                0,
                0,
                100),
            new JobOutcome(
                WorkloadId.of(2),
                0,
                9_000,
                OptionalLong.of(0),
                OptionalLong.empty(),
                1,
                0,
                0,
                0,
                7_200));
    DeviceTime time =
        new DeviceTime(
            List.of(
                new DeviceTime.Pool(
                    "h100", Catalog.bundled().find("h100-sxm").orElseThrow(), 8, 7_300, 0)),
            0,
            0);
    return ScenarioResult.PolicyRun.of(
        policy,
        seed,
        new TwinResult(jobs, 7_200, 3, List.of(), 0, List.of(), time),
        PowerModel.defaults());
  }

  @Test
  void theBarShowsRunsVirtualTimeJobsAndWallTime() {
    // run 2 of 4 with 1,234 of 5,000 jobs done: (1 + 0.2468) / 4 = 31% of 20 cells = 6
    SimulateProgress.Status status =
        new SimulateProgress.Status(1, 4, "fifo", 2, 93_784, 1_234, 5_000, false, 42 * SECOND);
    assertThat(SimulateProgress.bar(status, 20))
        .isEqualTo(
            "[######--------------] 1/4 runs  fifo seed 2  t=1d 02:03:04  1,234/5,000 jobs"
                + "  0:42");
    SimulateProgress.Status done =
        new SimulateProgress.Status(4, 4, "las", 1, 59, 5_000, 5_000, true, 3_725 * SECOND);
    assertThat(SimulateProgress.bar(done, 10))
        .isEqualTo("[##########] 4/4 runs  las seed 1  t=00:00:59  5,000/5,000 jobs  1:02:05");
  }

  @Test
  void linesComeEveryTenSecondsOfWallTimeAndOnePerFinishedRun() {
    SimulateProgress lines = progress(SimulateProgress.Mode.LINES);
    lines.runStarting("fifo", 1, 0, 2, 2);
    nanos[0] = 4 * SECOND;
    lines.inRun(3_600, 0, 2);
    nanos[0] = 10 * SECOND;
    lines.inRun(7_000, 1, 2);
    nanos[0] = 19 * SECOND;
    lines.inRun(7_100, 1, 2);
    nanos[0] = 21 * SECOND;
    lines.runEnded(run("fifo", 1));
    lines.runStarting("sjf", 1, 1, 2, 2);
    nanos[0] = 30 * SECOND;
    lines.inRun(100, 0, 2);
    assertThat(err.toString().lines())
        .containsExactly(
            "fifo seed 1 (run 1/2): 1/2 jobs completed, t=01:56:40; 0:10 elapsed",
            "ran fifo seed 1 (run 1/2): 1/2 jobs completed, t=02:00:00; 0:21 elapsed");
  }

  @Test
  void theBarIsRedrawnInPlaceAtMostFiveTimesASecondAndEndsWithANewline() {
    SimulateProgress bar = progress(SimulateProgress.Mode.BAR);
    bar.runStarting("fifo", 1, 0, 1, 2);
    nanos[0] = SECOND / 10;
    bar.inRun(50, 1, 2); // too soon after the first drawing: not drawn
    nanos[0] = SECOND / 2;
    bar.inRun(60, 1, 2);
    nanos[0] = SECOND;
    bar.runEnded(run("fifo", 1));
    String text = err.toString();
    assertThat(text.split("\r", -1)).hasSize(4);
    assertThat(text).doesNotContain("t=00:00:50").contains("t=00:01:00").endsWith("\n");
    assertThat(text.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElseThrow())
        .endsWith("[####################] 1/1 runs  fifo seed 1  t=02:00:00  1/2 jobs  0:01");
  }

  @Test
  void noneShowsNothing() {
    SimulateProgress none = progress(SimulateProgress.Mode.NONE);
    none.runStarting("fifo", 1, 0, 1, 2);
    nanos[0] = 60 * SECOND;
    none.inRun(50, 1, 2);
    none.runEnded(run("fifo", 1));
    assertThat(err.toString()).isEmpty();
  }
}
