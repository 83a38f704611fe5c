package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import dev.wanka.perf.Calibrations;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.failure.FailureMode;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.failure.FailureScope;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Failures of one scope at a rate of one per 12,000 s on the cluster, repaired 2 h after detection;
 * detection 60 s, restart 300 s. Every job runs 10,000 s and checkpoints every 100 s. The seeds are
 * fixed, so each run's failures are too: the expected times are worked out from the failure log's
 * times by hand.
 */
class FailureRecoveryTest {
  private static final PriorityClass NORMAL = PriorityClass.preemptible("normal", 0, 0);
  private static final long REPAIR = 7200;
  private static final Recovery NO_SPARES = new Recovery(60, 300, 0);
  private static final Recovery ONE_SPARE = new Recovery(60, 300, 1);

  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(
          new PriorityClasses(List.of(NORMAL), "normal"),
          QueueTree.builder()
              .queue("q", "t", BorrowingPolicy.BORROW_AND_LEND)
              .quota("q", "h100-sxm", 1000, 1000)
              .build());

  private static Cluster cluster(int nodes, int nodesPerLeaf) {
    return Cluster.build(
        ClusterSpecReader.read(
            "c.yaml",
            """
            name: c
            fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: %d}
            pools:
              - {name: h100, accelerator: h100-sxm, nodes: %d, devicesPerNode: 8}
            """
                .formatted(nodesPerLeaf, nodes),
            Catalog.bundled()));
  }

  private static SimJob job(long id, int devices) {
    return job(id, devices, OptionalLong.of(100));
  }

  private static SimJob job(long id, int devices, OptionalLong checkpointSeconds) {
    return new SimJob(
        new TrainingJob(
            new WorkloadMeta(WorkloadId.of(id), "j", Tenant.of("t"), QueueName.of("q"), NORMAL, 0),
            devices,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("h100-sxm")),
            Optional.empty(),
            ElasticRange.rigid(devices),
            OptionalLong.empty(),
            checkpointSeconds,
            OptionalInt.empty()),
        10_000);
  }

  private static TwinResult run(
      Cluster cluster, List<SimJob> jobs, FailureScope scope, Recovery recovery, long seed) {
    double perUnitHour = 3600 / 12_000.0 / FailureModel.units(cluster, scope);
    FailureModel model =
        new FailureModel(List.of(new FailureMode("part", "test", scope, perUnitHour, REPAIR)));
    return run(cluster, jobs, model, recovery, seed);
  }

  private static TwinResult run(
      Cluster cluster, List<SimJob> jobs, FailureModel model, Recovery recovery, long seed) {
    return new Twin(
            cluster,
            CONFIG,
            SchedulerPolicy.defaults(),
            seed,
            jobs,
            RunTimeModel.asGiven(cluster),
            model,
            recovery)
        .run(Long.MAX_VALUE / 4);
  }

  @Test
  void aDeviceFailureInterruptsOnlyTheJobOnThatDeviceWhichWaitsForTheRepair() {
    // two jobs of 4 on one node of 8; device 5 fails at 1,872
    TwinResult result =
        run(cluster(1, 1), List.of(job(1, 4), job(2, 4)), FailureScope.DEVICE, NO_SPARES, 10);
    assertThat(result.failureLog())
        .containsExactly(new FailureRecord(1872, "part", FailureScope.DEVICE, 5, "h100-001/5", 1));
    JobOutcome first = result.jobs().get(0);
    JobOutcome second = result.jobs().get(1);
    assertThat(first.interruptions()).isZero();
    assertThat(first.endSeconds()).hasValue(10_000);
    assertThat(first.lostDeviceSeconds()).isZero();
    assertThat(second.interruptions()).isEqualTo(1);
    // it hangs until 1,932 (detection); 1,800 s were checkpointed, 8,200 remain; 3 devices are
    // free until the device is back at 1,932 + 7,200 = 9,132; restart 300 s: 9,432 + 8,200
    assertThat(second.endSeconds()).hasValue(17_632);
    // lost: 4 x (1,932 - 1,800) held without kept progress, then 4 x 300 restarting
    assertThat(second.lostDeviceSeconds()).isEqualTo(4 * 132 + 4 * 300);
    assertThat(second.heldDeviceSeconds()).isEqualTo(4 * 1932 + 4 * (17_632 - 9132));
    assertThat(second.durationSeconds()).isEqualTo(10_000);
    // metered: the hung devices were busy; the failed device was down from detection to repair
    assertThat(result.busyDeviceSeconds())
        .isEqualTo(first.heldDeviceSeconds() + second.heldDeviceSeconds());
    assertThat(result.deviceTime().downDeviceSeconds()).isEqualTo(REPAIR);
    assertThat(RunSummary.of(result).goodput())
        .isEqualTo(1 - second.lostDeviceSeconds() / result.busyDeviceSeconds());
  }

  @Test
  void aSwitchFailureInterruptsEveryJobUnderTheLeaf() {
    // four nodes, two per leaf, a job of 8 on each; leaf 0 fails at 1,872
    List<SimJob> jobs = List.of(job(1, 8), job(2, 8), job(3, 8), job(4, 8));
    TwinResult result = run(cluster(4, 2), jobs, FailureScope.LEAF, NO_SPARES, 10);
    assertThat(result.failureLog())
        .containsExactly(
            new FailureRecord(
                1872, "part", FailureScope.LEAF, 0, "leaf 0 (h100-001 .. h100-002)", 2));
    assertThat(result.jobs()).extracting(JobOutcome::interruptions).containsExactly(1, 1, 0, 0);
    // the two under leaf 0 restart when it is repaired: 1,932 + 7,200 + 300 + 8,200
    assertThat(result.jobs())
        .extracting(o -> o.endSeconds().getAsLong())
        .containsExactly(17_632L, 17_632L, 10_000L, 10_000L);
  }

  @Test
  void withoutASpareAnInterruptedJobRestartsAfterTheRepair() {
    // one node, one job of 8; the node fails at 3,790
    TwinResult result = run(cluster(1, 1), List.of(job(1, 8)), FailureScope.NODE, NO_SPARES, 6);
    assertThat(result.failureLog()).extracting(FailureRecord::seconds).containsExactly(3790L);
    JobOutcome job = result.jobs().get(0);
    // detected at 3,850, repaired at 11,050, progress again from 11,350; 3,700 s were kept
    assertThat(job.endSeconds()).hasValue(11_350 + 6300);
    assertThat(job.lostDeviceSeconds()).isEqualTo(8 * (3850 - 3700) + 8 * 300);
    assertThat(RunSummary.of(result).ettr()).isEqualTo(10_000.0 / 17_650);
    assertThat(RunSummary.of(result).lostDeviceHours()).isEqualTo(job.lostDeviceSeconds() / 3600);
    // the node's 8 devices were down from detection to repair, and are not counted as up
    assertThat(result.deviceTime().downDeviceSeconds()).isEqualTo(8 * REPAIR);
    assertThat(result.allocationRatio())
        .isEqualTo(result.busyDeviceSeconds() / (8.0 * 17_650 - 8 * REPAIR));
  }

  @Test
  void withASpareAnInterruptedJobRestartsAfterDetectionAndRestartAndTheRepairedNodeIsTheSpare() {
    // two nodes, one of them the spare (the last of its leaf group); the working node fails
    TwinResult result = run(cluster(2, 1), List.of(job(1, 8)), FailureScope.NODE, ONE_SPARE, 6);
    assertThat(result.failureLog())
        .containsExactly(new FailureRecord(3790, "part", FailureScope.NODE, 0, "h100-001", 1));
    JobOutcome job = result.jobs().get(0);
    // detected at 3,850: the spare comes in and the job starts there; progress from 4,150
    assertThat(job.endSeconds()).hasValue(4150 + 6300);
    assertThat(job.lostDeviceSeconds()).isEqualTo(8 * (3850 - 3700) + 8 * 300);
    // the spare is idle but for the job after the failure: 8 busy devices of 16 all along
    assertThat(result.utilization()).isEqualTo(0.5);
  }

  @Test
  void aDeviceFailureWithASpareSwapsTheNodeAndTheJobRestartsOnTheSpare() {
    // device 5 of the working node fails at 1,872: detected at 1,932, the node is drained and the
    // spare takes the job; progress from 2,232, 8,200 s left
    TwinResult swapped = run(cluster(2, 1), List.of(job(1, 8)), FailureScope.DEVICE, ONE_SPARE, 10);
    assertThat(swapped.failureLog()).extracting(FailureRecord::unit).containsExactly(5);
    assertThat(swapped.jobs().get(0).endSeconds()).hasValue(2232 + 8200);
    // the spare's own device fails first (3,790, nothing stopped), so when a device of the
    // working node fails at 6,480 no healthy spare is left: the job waits for that repair
    TwinResult noSpareLeft =
        run(cluster(2, 1), List.of(job(1, 8)), FailureScope.DEVICE, ONE_SPARE, 6);
    assertThat(noSpareLeft.failureLog())
        .extracting(FailureRecord::where, FailureRecord::jobsStopped)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("h100-002/0", 0),
            org.assertj.core.groups.Tuple.tuple("h100-001/4", 1));
    assertThat(noSpareLeft.jobs().get(0).endSeconds()).hasValue(6540 + REPAIR + 300 + 3600);
  }

  @Test
  void theSameSeedGivesTheSameFailuresAndAnotherSeedOthers() {
    List<SimJob> jobs = List.of(job(1, 8), job(2, 8), job(3, 8), job(4, 8));
    TwinResult first = run(cluster(4, 2), jobs, FailureScope.NODE, ONE_SPARE, 5);
    assertThat(run(cluster(4, 2), jobs, FailureScope.NODE, ONE_SPARE, 5)).isEqualTo(first);
    assertThat(run(cluster(4, 2), jobs, FailureScope.NODE, ONE_SPARE, 2).failureLog())
        .isNotEqualTo(first.failureLog());
  }

  @Test
  void sparesAreSpreadOverTheLeafGroupsAndAPoolMustKeepAWorkingNode() {
    // 4 nodes in 2 leaves, 2 spares: the last node of each leaf; two jobs of 8 fill the others
    List<SimJob> jobs = List.of(job(1, 8), job(2, 8), job(3, 8));
    TwinResult result = run(cluster(4, 2), jobs, FailureModel.none(), new Recovery(60, 300, 2), 1);
    assertThat(result.jobs())
        .extracting(o -> o.endSeconds().getAsLong())
        .containsExactly(10_000L, 10_000L, 20_000L);
    // a job of 16 gets one working node under each leaf: over the spine, 10% slower
    Cluster four = cluster(4, 2);
    SimJob sixteen = job(9, 16, OptionalLong.empty());
    TwinResult spread =
        new Twin(
                four,
                CONFIG,
                SchedulerPolicy.defaults(),
                1,
                List.of(sixteen),
                RunTimeModel.of(
                    four, List.of("h100-sxm"), java.util.Map.of(), 1.1, Calibrations.bundled()),
                FailureModel.none(),
                new Recovery(60, 300, 2))
            .run(Long.MAX_VALUE / 4);
    assertThat(spread.jobs().get(0).endSeconds()).hasValue(11_000);
    assertThatThrownBy(
            () -> run(cluster(2, 1), jobs, FailureScope.NODE, new Recovery(60, 300, 2), 1))
        .hasMessage(
            "failures.spareNodes: 2 is not allowed: pool h100 has 2 nodes, and spares are kept in"
                + " every pool; give fewer");
  }
}
