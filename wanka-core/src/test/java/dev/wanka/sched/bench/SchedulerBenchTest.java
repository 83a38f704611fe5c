package dev.wanka.sched.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.cycle.CycleResult;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SchedulerBenchTest {
  private static final Cluster SMALL = BenchCluster.build(4096);

  @Test
  void theHundredThousandDeviceClusterIsTheExample() {
    Cluster cluster = BenchCluster.build(100_000);

    assertThat(cluster.deviceCount()).isEqualTo(100_000);
    assertThat(cluster.nodeCount()).isEqualTo(12_500);
    assertThat(cluster.tiers()).isEqualTo(3);
    assertThat(cluster.leafGroupCount()).isEqualTo(391);
    assertThat(cluster.spineGroupCount()).isEqualTo(49);
  }

  @Test
  void aClusterIsWholeNodesWithinLimits() {
    assertThat(BenchCluster.problem(4096)).isNull();
    assertThat(BenchCluster.problem(4100))
        .isEqualTo(
            "'4100' is not allowed: must be a multiple of 8 (whole nodes) from 64 to 1,000,000");
    assertThat(BenchCluster.problem(0)).isNotNull();
    assertThat(BenchCluster.problem(1_000_008)).isNotNull();
    assertThatThrownBy(() -> BenchCluster.build(12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("devices: '12' is not allowed");
  }

  @Test
  void theGangIs8192DevicesOrATenthOfASmallerClusterAndSaysWhereItMayGo() {
    assertThat(GangScenario.gangDevicesFor(100_000)).isEqualTo(8_192);
    assertThat(GangScenario.gangDevicesFor(4096)).isEqualTo(408);
    assertThat(GangScenario.gangDevicesFor(64)).isEqualTo(8);
    assertThat(GangScenario.topologyFor(8_192).isRequired()).isFalse();
    assertThat(GangScenario.topologyFor(2_048).isRequired()).isTrue();
    assertThat(GangScenario.topologyFor(2_048).scope()).isEqualTo(Tier.SPINE);
  }

  @Test
  void singleNodeWorkAllStartsOnAPartlyBusyCluster() {
    SingleNodeScenario scenario = new SingleNodeScenario(SMALL, 500, 3, 0.3);
    assertThat(scenario.busyFraction())
        .isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-3));

    scenario.submitPending();
    assertThat(scenario.pendingCount()).isEqualTo(500);
    assertThat(scenario.placeAll()).isEqualTo(500);
    assertThat(scenario.pendingCount()).isZero();
    for (Allocation allocation : scenario.scheduler().running()) {
      assertThat(allocation.spans().compareTo(Tier.NODE)).isLessThanOrEqualTo(0);
    }
  }

  @Test
  void theGangCycleStartsTheGangAloneWhileThePendingQueueWaits() {
    GangScenario scenario = new GangScenario(SMALL, 300, 5, 0.7, 408);
    assertThat(scenario.busyFraction())
        .isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(scenario.pendingCount()).isEqualTo(300);

    List<int[]> placements = new ArrayList<>();
    for (int rep = 0; rep < 3; rep++) {
      scenario.submitGang();
      CycleResult result = scenario.cycle();
      Allocation gang = scenario.checkGangStarted(result);
      assertThat(gang.size()).isEqualTo(408);
      assertThat(gang.spans().compareTo(Tier.SPINE)).isLessThanOrEqualTo(0);
      assertThat(result.pending()).hasSize(300);
      placements.add(gang.devices());
      scenario.finishGang();
    }
    assertThat(scenario.busyFraction())
        .isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(placements.get(1)).as("the cluster is as it was").isEqualTo(placements.get(0));
  }

  @Test
  void theRunnerTimesOnlyWithTheClockItIsGivenAndTheSameSeedGivesTheSameWork() {
    SchedulerBench.Options options = SchedulerBench.Options.of(4096, 200, 9, 10);
    // a clock that advances 1 ms per reading: every timed region is exactly 1 ms
    LongSupplier clock = new FakeClock(1_000_000);
    List<String> steps = new ArrayList<>();

    SchedulerBench.Result first = SchedulerBench.run(options, clock, steps::add);
    SchedulerBench.Result second = SchedulerBench.run(options, new FakeClock(1_000_000), s -> {});

    assertThat(first.placements()).isEqualTo(3 * 200);
    assertThat(first.placementNanos()).isEqualTo(3 * 1_000_000L);
    assertThat(first.placementsPerSecond()).isEqualTo(200_000.0);
    assertThat(first.gangNanos()).hasSize(10).containsOnly(1_000_000L);
    assertThat(first.gangP50Millis()).isEqualTo(1.0);
    assertThat(first.gangP99Millis()).isEqualTo(1.0);
    assertThat(first.gangScope()).isEqualTo("spine");
    assertThat(second).isEqualTo(first);
    assertThat(steps).first().isEqualTo("building 4,096 devices");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }
    SchedulerBench.Result result =
        new SchedulerBench.Result(
            SchedulerBench.Options.of(4096, 1, 1, 100), 1, 1, 1, 0.3, 0.7, "spine", nanos);

    assertThat(result.gangP50Millis()).isEqualTo(50.0);
    assertThat(result.gangP99Millis()).isEqualTo(99.0);
    assertThat(result.gangMaxMillis()).isEqualTo(100.0);
    assertThat(result.meetsGangTarget()).isFalse();
  }

  @Test
  void badOptionsNameTheField() {
    assertThatThrownBy(() -> SchedulerBench.Options.of(4096, 0, 1, 10))
        .hasMessage("pending: '0' is not allowed: must be a whole number from 1 to 1000000");
    assertThatThrownBy(() -> SchedulerBench.Options.of(4096, 10, 1, 0))
        .hasMessage("repetitions: '0' is not allowed: must be a whole number from 1 to 100000");
  }

  /** Advances by a fixed step on every reading. */
  private static final class FakeClock implements LongSupplier {
    private final long step;
    private long now;

    FakeClock(long step) {
      this.step = step;
    }

    @Override
    public long getAsLong() {
      now += step;
      return now;
    }
  }
}
