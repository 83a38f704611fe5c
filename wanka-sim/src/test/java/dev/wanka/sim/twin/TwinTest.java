package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.failure.FailureModel;
import dev.wanka.sim.failure.Recovery;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.InferenceService;
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

class TwinTest {
  private static final PriorityClass LOW = PriorityClass.preemptible("low", 0, 60);
  private static final PriorityClass HIGH = PriorityClass.preemptible("high", 100, 60);

  private static final Cluster ONE_NODE =
      Cluster.build(
          ClusterSpecReader.read(
              "twin.yaml",
              """
              name: twin
              fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 1}
              pools:
                - {name: h100, accelerator: h100-sxm, nodes: 1, devicesPerNode: 8}
              """,
              Catalog.bundled()));

  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(
          new PriorityClasses(List.of(LOW, HIGH), "low"),
          QueueTree.builder()
              .queue("q", "t", BorrowingPolicy.BORROW_AND_LEND)
              .quota("q", "h100-sxm", 64, 64)
              .build());

  private static SimJob job(
      long id, PriorityClass priority, long submit, int devices, long seconds, Long checkpoint) {
    WorkloadMeta meta =
        new WorkloadMeta(
            WorkloadId.of(id), "job-" + id, Tenant.of("t"), QueueName.of("q"), priority, submit);
    TrainingJob training =
        new TrainingJob(
            meta,
            devices,
            OptionalInt.empty(),
            List.of(AcceleratorChoice.of("h100-sxm")),
            Optional.empty(),
            ElasticRange.rigid(devices),
            OptionalLong.empty(),
            checkpoint == null ? OptionalLong.empty() : OptionalLong.of(checkpoint),
            OptionalInt.empty());
    return new SimJob(training, seconds);
  }

  private static TwinResult run(SchedulerPolicy policy, List<SimJob> jobs, long horizon) {
    return new Twin(ONE_NODE, CONFIG, policy, 1, jobs).run(horizon);
  }

  @Test
  void jobsRunInQueueOrderAndTheRunReportsTimesAndUtilization() {
    List<SimJob> jobs =
        List.of(
            job(1, LOW, 0, 8, 100, null),
            job(2, LOW, 10, 8, 50, null),
            job(3, LOW, 20, 4, 30, null));
    TwinResult result =
        run(SchedulerPolicy.defaults().withQueueOrder(QueueOrders.FIFO), jobs, 10_000);
    assertThat(result.jobs())
        .extracting(o -> o.firstStartSeconds().getAsLong(), o -> o.endSeconds().getAsLong())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 100L),
            org.assertj.core.groups.Tuple.tuple(100L, 150L),
            org.assertj.core.groups.Tuple.tuple(150L, 180L));
    assertThat(result.endSeconds()).isEqualTo(180);
    assertThat(result.completed()).isEqualTo(3);
    assertThat(result.utilization()).isEqualTo((8 * 100 + 8 * 50 + 4 * 30) / (8.0 * 180));
    assertThat(result.jobs().get(2).waitSeconds()).hasValue(130);
    // gangs of 8, 8 and 4: a node with 4 free is fragmented for the two gangs of 8 in 3
    assertThat(result.timeline())
        .containsExactly(
            new TimelineSample(0, 8, 0, 1, 8, 0, 0),
            new TimelineSample(10, 8, 1, 1, 8, 0, 0),
            new TimelineSample(20, 8, 2, 1, 8, 0, 0),
            new TimelineSample(100, 8, 1, 1, 8, 0, 0),
            new TimelineSample(150, 4, 0, 1, 8, 4, 4 * 2.0 / 3),
            new TimelineSample(180, 0, 0, 0, 8, 8, 0));
    assertThat(result.jobs().get(2).completionSeconds()).hasValue(160);
    assertThat(result.allocationRatio()).as("nothing failed").isEqualTo(result.utilization());
    // free only from 150 to 180: 4 devices, 8/3 of them fragmented
    assertThat(result.deviceTime().freeDeviceSeconds()).isEqualTo(4 * 30);
    assertThat(result.fragmentation()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void aPreemptedJobLosesTheWorkSinceItsLastCheckpointAndRunsAgain() {
    // L checkpoints every 100 s; H arrives at 250, L gets 60 s of grace and stops at 310
    List<SimJob> jobs = List.of(job(1, LOW, 0, 8, 1000, 100L), job(2, HIGH, 250, 8, 100, null));
    TwinResult result = run(SchedulerPolicy.defaults(), jobs, 10_000);
    JobOutcome low = result.jobs().get(0);
    JobOutcome high = result.jobs().get(1);
    assertThat(high.firstStartSeconds()).hasValue(310);
    assertThat(high.endSeconds()).hasValue(410);
    assertThat(low.preemptions()).isEqualTo(1);
    assertThat(low.lostDeviceSeconds()).as("10 s since the checkpoint at 300, on 8").isEqualTo(80);
    assertThat(low.endSeconds()).as("700 s of work left, restarted at 410").hasValue(1110);
    assertThat(result.utilization()).isEqualTo(1.0);
    RunSummary summary = RunSummary.of(result);
    assertThat(summary.lostDeviceHours()).isEqualTo(80 / 3600.0);
    // busy: L 0-310 and 410-1110 on 8, H 310-410 on 8 = 8,880 device-seconds, 80 of them redone
    assertThat(result.busyDeviceSeconds()).isEqualTo(8880);
    assertThat(summary.goodput()).isEqualTo((8880 - 80) / 8880.0);
  }

  @Test
  void theSameInputsGiveTheSameRunAndJobsBeyondTheHorizonAreReportedUnfinished() {
    List<SimJob> jobs =
        List.of(
            job(1, LOW, 0, 4, 500, 50L),
            job(2, HIGH, 30, 8, 200, null),
            job(3, LOW, 40, 2, 100, null),
            job(4, LOW, 45, 8, 5000, null));
    TwinResult first = run(SchedulerPolicy.defaults(), jobs, 2000);
    TwinResult second = run(SchedulerPolicy.defaults(), jobs, 2000);
    assertThat(second).isEqualTo(first);
    assertThat(first.jobs().get(3).completed()).isFalse();
    assertThat(first.endSeconds()).isLessThanOrEqualTo(2000);
  }

  @Test
  void failuresInterruptTheJobWhichLosesWorkSinceItsCheckpointAndFinishesLater() {
    // one job of 8 for 30 days, checkpointing hourly, with failures 2,000 times Llama 3's rate
    List<SimJob> jobs = List.of(job(1, LOW, 0, 8, 30 * 86_400L, 3600L));
    TwinResult result = withFailures(jobs, FailureModel.llama3(2000));
    JobOutcome outcome = result.jobs().get(0);
    assertThat(result.failures()).isPositive().isEqualTo(result.failureLog().size());
    assertThat(outcome.interruptions())
        .isPositive()
        .isEqualTo(result.failureLog().stream().mapToInt(FailureRecord::jobsStopped).sum());
    assertThat(outcome.preemptions()).isZero();
    assertThat(outcome.lostDeviceSeconds()).isPositive();
    assertThat(outcome.durationSeconds()).as("its progress kept").isEqualTo(30 * 86_400L);
    assertThat(outcome.heldDeviceSeconds())
        .isCloseTo(8.0 * 30 * 86_400 + outcome.lostDeviceSeconds(), within(1e-6));
    assertThat(outcome.endSeconds().getAsLong()).isGreaterThan(30 * 86_400L);
    RunSummary summary = RunSummary.of(result);
    assertThat(summary.ettr()).isLessThan(1.0).isGreaterThan(0.0);
    assertThat(summary.interruptions()).isEqualTo(outcome.interruptions());
    assertThat(withFailures(jobs, FailureModel.llama3(2000))).isEqualTo(result);
    TwinResult none = withFailures(jobs, FailureModel.llama3(0));
    assertThat(none.failures()).isZero();
    assertThat(none.jobs().get(0).endSeconds()).hasValue(30 * 86_400L);
    assertThat(none.jobs().get(0).lostDeviceSeconds()).isZero();
    assertThat(RunSummary.of(none).ettr()).isEqualTo(1.0);
  }

  private static TwinResult withFailures(List<SimJob> jobs, FailureModel failures) {
    return new Twin(
            ONE_NODE,
            CONFIG,
            SchedulerPolicy.defaults(),
            3,
            jobs,
            RunTimeModel.asGiven(ONE_NODE),
            failures,
            Recovery.DEFAULT)
        .run(Long.MAX_VALUE / 4);
  }

  @Test
  void servicesAreNotJobsAndDuplicateIdsAreRefused() {
    WorkloadMeta meta =
        new WorkloadMeta(WorkloadId.of(9), "svc", Tenant.of("t"), QueueName.of("q"), LOW, 0);
    InferenceService service =
        new InferenceService(
            meta, 2, DeviceAmount.whole(1), Tier.NODE, List.of(AcceleratorChoice.of("h100-sxm")));
    assertThatThrownBy(() -> new SimJob(service, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an inference service runs until stopped");
    List<SimJob> twice = List.of(job(1, LOW, 0, 1, 10, null), job(1, LOW, 5, 1, 10, null));
    assertThatThrownBy(() -> new Twin(ONE_NODE, CONFIG, SchedulerPolicy.defaults(), 1, twice))
        .hasMessage("jobs: workload id #1 appears twice; ids must be unique");
  }

  @Test
  void aRunCutByTheHorizonEndsAtTheHorizonWithItsRunningJobsBusyUntilThen() {
    // job 1 ends at 100; job 2 would end at 1,000, after the horizon of 500
    TwinResult result =
        run(
            SchedulerPolicy.defaults(),
            List.of(job(1, LOW, 0, 4, 100, null), job(2, LOW, 0, 4, 1000, null)),
            500);
    assertThat(result.completed()).isEqualTo(1);
    assertThat(result.endSeconds()).isEqualTo(500);
    assertThat(result.busyDeviceSeconds()).isEqualTo(4 * 100 + 4 * 500);
    assertThat(result.utilization()).isCloseTo((4 * 100 + 4 * 500) / (8.0 * 500), within(1e-12));
    assertThat(result.jobs().get(1).heldDeviceSeconds()).isEqualTo(4 * 500);
  }
}
