package dev.wanka.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sim.scenario.ScenarioReader;
import dev.wanka.sim.scenario.WorkloadSource;
import dev.wanka.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  private static final Trace TRACE =
      new Trace(
          "t.csv",
          List.of(
              new TraceJob("a", 0, 1, 0, 10, "", ""),
              new TraceJob("b", 100, 2, 0, 10, "", ""),
              new TraceJob("c", 200, 4, 0, 10, "", ""),
              new TraceJob("d", 300, 8, 0, 10, "", "")),
          3);

  @Test
  void keepsTheJobsSubmittedInsideShiftedToStartAtZeroAndCountsTheRest() {
    TimeWindow window = new TimeWindow(100, 300);
    Trace kept = window.apply(TRACE);
    assertThat(kept.jobs())
        .extracting(TraceJob::id, TraceJob::submitSeconds)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", 0L),
            org.assertj.core.groups.Tuple.tuple("c", 100L));
    assertThat(kept.neverRan()).isEqualTo(3);
    assertThat(window.outside(TRACE)).isEqualTo(2);
    assertThat(TimeWindow.ALL.apply(TRACE)).isSameAs(TRACE);
    assertThat(TimeWindow.ALL.outside(TRACE)).isZero();
  }

  @Test
  void aScenarioNamesItsWindowInSecondsSinceTheFirstSubmission() {
    String yaml =
        """
        name: w
        cluster: c.yaml
        workload:
          trace: {format: philly, path: p.csv, window: {fromSeconds: 3600, toSeconds: 7200}}
        """;
    WorkloadSource.TraceFile file =
        (WorkloadSource.TraceFile) ScenarioReader.read("s.yaml", yaml).source();
    assertThat(file.window()).isEqualTo(new TimeWindow(3600, 7200));
    WorkloadSource.TraceFile open =
        (WorkloadSource.TraceFile)
            ScenarioReader.read("s.yaml", yaml, List.of("workload.trace.window={fromSeconds: 60}"))
                .source();
    assertThat(open.window()).isEqualTo(new TimeWindow(60, Long.MAX_VALUE));
    assertThatThrownBy(
            () ->
                ScenarioReader.read("s.yaml", yaml, List.of("workload.trace.window.toSeconds=10")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("workload.trace.window.toSeconds")
        .hasMessageContaining("must be above fromSeconds (3600)");
  }
}
