package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Catalog;
import dev.wanka.perf.Calibrations;
import dev.wanka.perf.DeviceAllocation;
import dev.wanka.perf.ModelCatalog;
import dev.wanka.perf.Parallelism;
import dev.wanka.perf.Recompute;
import dev.wanka.perf.TrainingEstimator;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.TrainingSetup;
import dev.wanka.sched.Allocation;
import dev.wanka.sched.Gang;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunTimeModelTest {
  private static final PriorityClass NORMAL = PriorityClass.preemptible("normal", 0, 0);

  /**
   * 4 nodes of 8 H100 (leaf groups of 2 nodes: nodes 0-1 and 2-3) and 2 nodes of 8 A100 (one leaf
   * group), one 2-tier fabric.
   */
  private static final Cluster MIXED =
      Cluster.build(
          ClusterSpecReader.read(
              "mixed.yaml",
              """
              name: mixed
              fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 4, devicesPerNode: 8}
                - {name: a100, accelerator: a100-sxm-80gb, nodes: 2, devicesPerNode: 8}
              """,
              Catalog.bundled()));

  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(
          new PriorityClasses(List.of(NORMAL), "normal"),
          QueueTree.builder()
              .queue("q", "t", BorrowingPolicy.BORROW_AND_LEND)
              .quota("q", "h100-sxm", 32, 32)
              .quota("q", "a100-sxm-80gb", 16, 16)
              .build());

  private static final RunTimeModel MODEL =
      RunTimeModel.of(
          MIXED, List.of("h100-sxm", "a100-sxm-80gb"), Map.of(), 1.1, Calibrations.bundled());

  private static TrainingJob training(int devices, String... types) {
    return new TrainingJob(
        new WorkloadMeta(WorkloadId.of(1), "j", Tenant.of("t"), QueueName.of("q"), NORMAL, 0),
        devices,
        OptionalInt.empty(),
        List.of(types).stream().map(AcceleratorChoice::of).toList(),
        Optional.empty(),
        ElasticRange.rigid(devices),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalInt.empty());
  }

  /** An allocation of the job's gang on devices {@code first..first+size-1} of a pool. */
  private static Allocation on(TrainingJob job, int pool, int first, Tier spans) {
    Gang gang = Gang.of(job).get(0);
    int[] devices = IntStream.range(first, first + job.devices()).toArray();
    String type = MIXED.pools().get(pool).accelerator().id();
    return new Allocation(gang, pool, type, devices, 1000, spans, 0, false, -1);
  }

  private static long endOfOnlyJob(SimJob job, RunTimeModel model) {
    TwinResult result =
        new Twin(
                MIXED,
                CONFIG,
                SchedulerPolicy.defaults(),
                1,
                List.of(job),
                model,
                FailureModel.none(),
                Recovery.DEFAULT)
            .run(Long.MAX_VALUE / 4);
    return result.jobs().get(0).endSeconds().getAsLong();
  }

  @Test
  void aTraceJobRunsItsDurationOnTheReferenceTypeAndSlowerInProportionToThePeakElsewhere() {
    SimJob onH100 = new SimJob(training(8, "h100-sxm"), 1000);
    TrainingJob a100 = training(8, "a100-sxm-80gb");
    SimJob onA100 = new SimJob(a100, 1000);
    // dense BF16 peaks: H100 989 TFLOPS, A100 312: 1000 s x 989 / 312 = 3169.87 s
    assertThat(MODEL.seconds(onA100, on(a100, 1, 32, Tier.NODE)))
        .isCloseTo(1000 * 989 / 312.0, within(1e-9));
    assertThat(endOfOnlyJob(onH100, MODEL)).isEqualTo(1000);
    assertThat(endOfOnlyJob(onA100, MODEL)).isEqualTo(3170);
    assertThat(MODEL.relativeSpeed("a100-sxm-80gb")).isCloseTo(312 / 989.0, within(1e-12));
    // a speed table replaces the peaks: the A100 at half the H100's speed takes 2,000 s
    RunTimeModel halved =
        RunTimeModel.of(
            MIXED,
            List.of("h100-sxm", "a100-sxm-80gb"),
            Map.of("h100-sxm", 1.0, "a100-sxm-80gb", 0.5),
            1.1,
            Calibrations.bundled());
    assertThat(endOfOnlyJob(onA100, halved)).isEqualTo(2000);
  }

  @Test
  void aJobOnAFasterTypeThanTheReferenceKeepsAnEttrOfOne() {
    // durations are on the A100; the H100 is 989 / 312 times as fast: 1000 s become 316 s
    RunTimeModel fromA100 =
        RunTimeModel.of(
            MIXED, List.of("a100-sxm-80gb", "h100-sxm"), Map.of(), 1.1, Calibrations.bundled());
    TwinResult result =
        new Twin(
                MIXED,
                CONFIG,
                SchedulerPolicy.defaults(),
                1,
                List.of(new SimJob(training(8, "h100-sxm"), 1000)),
                fromA100,
                FailureModel.none(),
                Recovery.DEFAULT)
            .run(Long.MAX_VALUE / 4);
    JobOutcome job = result.jobs().get(0);
    assertThat(job.endSeconds()).hasValue(316);
    assertThat(job.durationSeconds()).as("the seconds it ran, not the trace's").isEqualTo(316);
    assertThat(RunSummary.of(result).ettr()).isEqualTo(1.0);
  }

  @Test
  void aJobSpreadOverTwoLeavesIsSlowedOnceAndOneInALeafNotAtAll() {
    TrainingJob sixteen = training(16, "h100-sxm");
    SimJob job = new SimJob(sixteen, 1000);
    // 16 devices fit one leaf group of 2 nodes of 8: packed there it spans the leaf
    assertThat(MODEL.narrowestTier(0, 16)).isEqualTo(Tier.LEAF);
    assertThat(MODEL.seconds(job, on(sixteen, 0, 0, Tier.LEAF))).isEqualTo(1000);
    // nodes 1 and 2 sit under two leaves joined by the spine: one tier more, 1000 x 1.1
    assertThat(MODEL.extraTiers(0, 16, Tier.SPINE)).isEqualTo(1);
    assertThat(MODEL.seconds(job, on(sixteen, 0, 8, Tier.SPINE))).isCloseTo(1100, within(1e-9));
    // 8 devices fit a node: spread over a leaf (node, leaf: the pool has no multi-node domain)
    // they span one tier more, over the spine two: 1.1^2
    TrainingJob eight = training(8, "h100-sxm");
    assertThat(MODEL.extraTiers(0, 8, Tier.LEAF)).isEqualTo(1);
    assertThat(MODEL.seconds(new SimJob(eight, 1000), on(eight, 0, 4, Tier.SPINE)))
        .isCloseTo(1210, within(1e-9));
    // 64 devices need more than a spine group holds of pool h100 (32): the core
    assertThat(MODEL.narrowestTier(0, 64)).isEqualTo(Tier.CORE);
  }

  @Test
  void aScaleUpDomainIsATierOfItsOwnWhereAPoolHasOne() {
    Cluster nvl =
        Cluster.build(
            ClusterSpecReader.read(
                "nvl.yaml",
                """
                name: nvl
                fabric: {tiers: 3, layout: rail-optimized, nodesPerLeaf: 4, leavesPerSpine: 2}
                pools:
                  - {name: gb, accelerator: gb200-b200, nodes: 16, devicesPerNode: 4, domainNodes: 2, nicGbps: 400}
                """,
                Catalog.bundled()));
    RunTimeModel model =
        RunTimeModel.of(nvl, List.of("gb200-b200"), Map.of(), 1.25, Calibrations.bundled());
    assertThat(model.narrowestTier(0, 4)).isEqualTo(Tier.NODE);
    assertThat(model.narrowestTier(0, 8)).isEqualTo(Tier.SCALE_UP_DOMAIN);
    assertThat(model.narrowestTier(0, 16)).isEqualTo(Tier.LEAF);
    assertThat(model.narrowestTier(0, 32)).isEqualTo(Tier.SPINE);
    assertThat(model.narrowestTier(0, 64)).isEqualTo(Tier.CORE);
    // 8 devices over two leaves of two spine groups: leaf, spine, core beyond the domain
    assertThat(model.extraTiers(0, 8, Tier.CORE)).isEqualTo(3);
    assertThat(model.extraTiers(0, 4, Tier.SCALE_UP_DOMAIN)).isEqualTo(1);
  }

  @Test
  void anLlmJobRunsItsTokensOverThePerformanceModelsThroughputOnTheDevicesItGot() {
    TrainingSetup setup =
        new TrainingSetup(
            ModelCatalog.bundled().find("llama3-8b").orElseThrow().spec(),
            8192,
            1,
            256,
            new Parallelism(2, 1, 1, 1, 1, 8),
            Recompute.SELECTIVE,
            true,
            TrainingPrecision.BF16,
            1,
            true,
            true);
    LlmTraining training = new LlmTraining(setup, 1e9);
    TrainingJob job =
        new TrainingJob(
            new WorkloadMeta(WorkloadId.of(1), "llm", Tenant.of("t"), QueueName.of("q"), NORMAL, 0),
            16,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("a100-sxm-80gb")),
            Optional.empty(),
            ElasticRange.rigid(16),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalInt.of(2));
    SimJob llm = new SimJob(job, 1, Optional.of(training));
    double tokensPerSecond =
        TrainingEstimator.estimate(
                setup,
                DeviceAllocation.inCluster(MIXED, MIXED.pools().get(1).accelerator(), 16),
                Calibrations.bundled().forAccelerator(MIXED.pools().get(1).accelerator()))
            .tokensPerSecond();
    assertThat(tokensPerSecond).isPositive();
    double seconds = 1e9 / tokensPerSecond;
    assertThat(MODEL.seconds(llm, on(job, 1, 32, Tier.LEAF))).isCloseTo(seconds, within(1e-6));
    assertThat(endOfOnlyJob(llm, MODEL)).isEqualTo((long) Math.ceil(seconds));
    // on other devices than its parallelism's it cannot run
    TrainingJob eight = training(8, "a100-sxm-80gb");
    assertThatThrownBy(() -> MODEL.seconds(llm, on(eight, 1, 32, Tier.NODE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not the 16 of its parallelism");
  }

  @Test
  void typesJobsAcceptNeedASpeedAndMustBeInTheCluster() {
    assertThatThrownBy(
            () ->
                RunTimeModel.of(
                    MIXED, List.of("h100-sxm", "b200"), Map.of(), 1.1, Calibrations.bundled()))
        .hasMessageStartingWith("workload.accelerators: 'b200' is not a type of cluster mixed;");
    assertThatThrownBy(
            () ->
                RunTimeModel.of(
                    MIXED,
                    List.of("h100-sxm"),
                    Map.of("h100-sxm", 0.0),
                    1.1,
                    Calibrations.bundled()))
        .hasMessage("runTime.speeds.h100-sxm: 0.0 is not allowed: must be a number above 0");
    assertThatThrownBy(
            () ->
                RunTimeModel.of(MIXED, List.of("h100-sxm"), Map.of(), 0.9, Calibrations.bundled()))
        .hasMessage("runTime.tierSlowdown: 0.9 is not allowed: must be a number from 1 up");
  }
}
