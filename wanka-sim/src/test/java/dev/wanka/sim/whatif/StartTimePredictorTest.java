package dev.wanka.sim.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Start times worked out by hand on one node of 8 H100 (devices 0-7). */
class StartTimePredictorTest {
  private static final PriorityClass LOW = PriorityClass.preemptible("low", 0, 60);
  private static final PriorityClass HIGH = PriorityClass.preemptible("high", 100, 60);

  private static final Cluster ONE_NODE = cluster(1);

  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(
          new PriorityClasses(List.of(LOW, HIGH), "low"),
          QueueTree.builder()
              .queue("q", "t", BorrowingPolicy.BORROW_AND_LEND)
              .quota("q", "h100-sxm", 64, 64)
              .build());

  private static final SchedulerPolicy FIFO =
      SchedulerPolicy.defaults().withQueueOrder(QueueOrders.FIFO);

  /** A prediction never looks at the wall clock: this one moves 2.5 µs per reading. */
  private static final StartTimePredictor PREDICTOR =
      new StartTimePredictor(100_000, 100_000, fakeClock());

  private static LongSupplier fakeClock() {
    long[] nanos = {0};
    return () -> nanos[0] += 2_500;
  }

  private static Cluster cluster(int nodes) {
    return Cluster.build(
        ClusterSpecReader.read(
            "whatif.yaml",
            """
            name: whatif
            fabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 2}
            pools:
              - {name: h100, accelerator: h100-sxm, nodes: %d, devicesPerNode: 8}
            """
                .formatted(nodes),
            Catalog.bundled()));
  }

  private static TrainingJob job(
      long id, PriorityClass priority, long submit, int devices, Long estimatedSeconds) {
    return new TrainingJob(
        new WorkloadMeta(
            WorkloadId.of(id), "job-" + id, Tenant.of("t"), QueueName.of("q"), priority, submit),
        devices,
        OptionalInt.empty(),
        List.of(AcceleratorChoice.of("h100-sxm")),
        Optional.empty(),
        ElasticRange.rigid(devices),
        estimatedSeconds == null ? OptionalLong.empty() : OptionalLong.of(estimatedSeconds),
        OptionalLong.empty(),
        OptionalInt.empty());
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  private static int[] devices(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  private static RunningGang running(long id, int[] devices, long start, Long expectedEnd) {
    return RunningGang.onDevices(
        id(id),
        devices,
        start,
        expectedEnd == null ? OptionalLong.empty() : OptionalLong.of(expectedEnd));
  }

  private static Prediction predict(
      SchedulerPolicy policy, long now, List<Workload> workloads, List<RunningGang> running) {
    return predict(PREDICTOR, policy, now, workloads, running);
  }

  private static Prediction predict(
      StartTimePredictor predictor,
      SchedulerPolicy policy,
      long now,
      List<Workload> workloads,
      List<RunningGang> running) {
    return predictor.predict(
        ClusterSnapshot.allNodesUp(ONE_NODE, CONFIG, policy, now, workloads, running));
  }

  @Test
  void anEightGpuJobBehindARunningJobEndingAt500StartsAt500() {
    Prediction prediction =
        predict(
            FIFO,
            100,
            List.of(job(1, LOW, 0, 8, 500L), job(2, LOW, 50, 8, 300L)),
            List.of(running(1, devices(0, 8), 0, 500L)));
    assertThat(prediction.starts().keySet()).containsExactly(id(2));
    assertThat(prediction.of(id(2)).startSeconds()).hasValue(500);
    assertThat(prediction.nowSeconds()).isEqualTo(100);
    assertThat(prediction.horizonEndSeconds()).isEqualTo(100_100);
  }

  @Test
  void aFifoQueueOfThreeStartsOneAfterAnother() {
    // running job 1 holds all 8 devices until 500; then, in submission order:
    //   job 2 (8 devices, 300 s) starts at 500 and ends at 800;
    //   job 3 (6 devices, 200 s) starts at 800 and ends at 1,000;
    //   job 4 (4 devices) finds 2 free at 800, so it starts when job 3 ends, at 1,000
    Prediction prediction =
        predict(
            FIFO,
            100,
            List.of(
                job(1, LOW, 0, 8, 500L),
                job(2, LOW, 10, 8, 300L),
                job(3, LOW, 20, 6, 200L),
                job(4, LOW, 30, 4, 100L)),
            List.of(running(1, devices(0, 8), 0, 500L)));
    assertThat(prediction.of(id(2)).startSeconds()).hasValue(500);
    assertThat(prediction.of(id(3)).startSeconds()).hasValue(800);
    assertThat(prediction.of(id(4)).startSeconds()).hasValue(1_000);
  }

  @Test
  void aSmallJobThatEndsBeforeTheReservationBackfillsNow() {
    // job 1 holds 4 devices until 500, so job 2 (8 devices) is reserved all 8 at 500;
    // job 3 (2 devices, 300 s) ends at 400, before the reservation: it starts now, at 100;
    // job 4 (2 devices, 600 s) would still run at 500: it waits for job 2 to end, at 1,500
    Prediction prediction =
        predict(
            FIFO,
            100,
            List.of(
                job(1, LOW, 0, 4, 500L),
                job(2, LOW, 10, 8, 1_000L),
                job(3, LOW, 20, 2, 300L),
                job(4, LOW, 30, 2, 600L)),
            List.of(running(1, devices(0, 4), 0, 500L)));
    assertThat(prediction.of(id(3)).startSeconds()).hasValue(100);
    assertThat(prediction.of(id(2)).startSeconds()).hasValue(500);
    assertThat(prediction.of(id(4)).startSeconds()).hasValue(1_500);
  }

  @Test
  void aJobThatCanNeverFitGetsTheSchedulersReasonAndTheRunStopsAtOnce() {
    Prediction prediction = predict(FIFO, 100, List.of(job(1, LOW, 0, 16, 100L)), List.of());
    PredictedStart start = prediction.of(id(1));
    assertThat(start.starts()).isFalse();
    assertThat(start.notWithinHorizon().orElseThrow().code()).isEqualTo(ReasonCode.NEVER_FITS);
    assertThat(start.notWithinHorizon().orElseThrow().message()).contains("16");
    assertThat(prediction.cycles()).isEqualTo(1);
  }

  @Test
  void aRunningJobWithoutAnExpectedEndRunsForTheAssumedTimeFromItsStart() {
    List<Workload> workloads = List.of(job(1, LOW, 0, 8, null), job(2, LOW, 50, 8, 60L));
    List<RunningGang> running = List.of(running(1, devices(0, 8), 40, null));
    // assumed to run the horizon, 100,000 s, from its start at 40: it ends at 100,040, within the
    // horizon (100 + 100,000), and job 2 starts then
    assertThat(predict(FIFO, 100, workloads, running).of(id(2)).startSeconds()).hasValue(100_040);
    PredictedStart beyond =
        predict(new StartTimePredictor(1_000, 100_000, fakeClock()), FIFO, 100, workloads, running)
            .of(id(2));
    assertThat(beyond.starts()).isFalse();
    assertThat(beyond.notWithinHorizon().orElseThrow().code())
        .isEqualTo(ReasonCode.NO_FREE_DEVICES);
    StartTimePredictor assumeAnHour = new StartTimePredictor(100_000, 3_600, fakeClock());
    assertThat(predict(assumeAnHour, FIFO, 100, workloads, running).of(id(2)).startSeconds())
        .hasValue(3_640);
  }

  @Test
  void aHighPriorityJobPreemptsAndStartsWhenTheVictimsGraceEnds() {
    // job 1 (low, grace 60 s) holds the node until 5,000; job 2 (high) preempts it at 100 and
    // starts at 160; job 3 (low, 8 devices) waits for job 2 (100 s) to end at 260, and job 1, back
    // in the queue and submitted first, takes the node then
    Prediction prediction =
        predict(
            FIFO,
            100,
            List.of(job(1, LOW, 0, 8, 5_000L), job(2, HIGH, 90, 8, 100L), job(3, LOW, 95, 8, 10L)),
            List.of(running(1, devices(0, 8), 0, 5_000L)));
    assertThat(prediction.of(id(2)).startSeconds()).hasValue(160);
    assertThat(prediction.of(id(3)).startSeconds())
        .as("job 1 restarts at 260 with all its 5,000 s to redo, no checkpoint: 260 + 5,000")
        .hasValue(5_260);
  }

  @Test
  void thePredictionSaysHowLongItTookOnTheCallersClock() {
    Prediction prediction =
        predict(
            new StartTimePredictor(100_000, 100_000, fakeClock()),
            FIFO,
            0,
            List.of(job(1, LOW, 0, 8, 10L)),
            List.of());
    assertThat(prediction.tookNanos()).isEqualTo(2_500);
    assertThat(prediction.of(id(1)).startSeconds()).hasValue(0);
  }

  @Test
  void aSnapshotWhoseRunningWorkCannotBeRecreatedIsRefusedNamingTheEntry() {
    List<Workload> workloads = List.of(job(1, LOW, 0, 8, 500L), job(2, LOW, 0, 4, 500L));
    assertThatThrownBy(
            () ->
                predict(
                    FIFO,
                    100,
                    workloads,
                    List.of(
                        running(1, devices(0, 8), 0, 500L), running(2, devices(4, 8), 0, 500L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("running[1]: devices[0]: h100-001/4 is not free for #2: it runs #1");
    assertThatThrownBy(
            () ->
                PREDICTOR.predict(
                    new ClusterSnapshot(
                        ONE_NODE,
                        CONFIG,
                        FIFO,
                        100,
                        Map.of(0, DeviceLedger.NodeState.DOWN),
                        workloads,
                        List.of(running(1, devices(0, 8), 0, 500L)))))
        .hasMessage(
            "nodeStates: node h100-001 is DOWN but gang #1 runs on it; a snapshot's running"
                + " gangs are on nodes that run work");
    assertThatThrownBy(
            () -> predict(FIFO, 100, List.of(job(1, LOW, 200, 8, 500L)), new ArrayList<>()))
        .hasMessage(
            "workloads[0]: #1 is submitted at 200, after the snapshot's now (100); a snapshot"
                + " holds what happened by then");
  }
}
