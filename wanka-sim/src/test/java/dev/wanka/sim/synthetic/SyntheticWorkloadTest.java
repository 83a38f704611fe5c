package dev.wanka.sim.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceJob;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {
  @Test
  void theBundledStatisticsAreReadByLowerCaseId() {
    ClusterStatistics seren = ClusterStatistics.find("Seren").orElseThrow();
    assertThat(seren).isEqualTo(new ClusterStatistics("seren", 1414.335, 122.0, 5.68, 1.0, 1024));
    assertThat(ClusterStatistics.bundled().keySet())
        .containsExactly(
            "seren", "kalos", "philly", "helios", "pai", "venus", "earth", "saturn", "uranus");
    assertThat(ClusterStatistics.find("venus").orElseThrow().maxGpus()).isEqualTo(2048);
  }

  @Test
  void theSizeDistributionHasTheClustersMeanAndOneGpuAsMedian() {
    int[] sizes = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
    double[] p = SyntheticWorkload.sizeProbabilities(sizes, 5.68);
    assertThat(SyntheticWorkload.mean(sizes, p)).isCloseTo(5.68, within(1e-6));
    assertThat(p[0]).isEqualTo(SyntheticWorkload.SINGLE_GPU_SHARE);
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
  }

  /**
   * A large sample lands near the statistics it is fitted to; the tolerances are sampling noise.
   */
  @Test
  void aLargeSampleMatchesTheStatisticsItIsFittedTo() {
    ClusterStatistics helios = ClusterStatistics.find("helios").orElseThrow();
    Trace trace = new SyntheticWorkload(helios).generate(40_000, 120, 11);
    long[] durations =
        trace.jobs().stream().mapToLong(TraceJob::durationSeconds).sorted().toArray();
    int[] gpus = trace.jobs().stream().mapToInt(TraceJob::devices).sorted().toArray();
    assertThat((double) durations[durations.length / 2]).isCloseTo(206.0, within(206.0 * 0.05));
    assertThat(Arrays.stream(gpus).average().orElseThrow()).isCloseTo(3.716, within(3.716 * 0.1));
    assertThat(gpus[gpus.length / 2]).isEqualTo(1);
    double hours = trace.jobs().get(trace.jobs().size() - 1).submitSeconds() / 3600.0;
    assertThat(trace.jobs().size() / hours).isCloseTo(120, within(120 * 0.03));
    assertThat(trace.jobs()).allSatisfy(job -> assertThat(job.devices()).isBetween(1, 2048));
  }

  @Test
  void theSameSeedGivesTheSameTraceAndBadInputsAreNamed() {
    SyntheticWorkload seren = new SyntheticWorkload(ClusterStatistics.find("seren").orElseThrow());
    assertThat(seren.generate(500, 30, 3)).isEqualTo(seren.generate(500, 30, 3));
    assertThat(seren.generate(500, 30, 3)).isNotEqualTo(seren.generate(500, 30, 4));
    assertThatThrownBy(() -> seren.generate(0, 30, 1))
        .hasMessage("jobs: 0 is not allowed: must be >= 1");
    assertThatThrownBy(() -> seren.generate(10, 0, 1))
        .hasMessage("arrivalsPerHour: 0.0 is not allowed: must be a number above 0");
    assertThatThrownBy(() -> new SyntheticWorkload(ClusterStatistics.find("pai").orElseThrow()))
        .hasMessageContaining("use shares of GPUs");
  }
}
