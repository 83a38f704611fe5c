package dev.wanka.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.cycle.SchedulerPolicy;
import dev.wanka.sched.plugin.QueueOrder;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sim.trace.TiresiasTrace;
import dev.wanka.sim.trace.Trace;
import dev.wanka.sim.trace.TraceMapping;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Tiresias simulator's 60-job trace on its cluster (one switch, 16 nodes of 4 GPUs; the trace's
 * V100s modelled as A100s, as the catalog has no V100) under three queue orders.
 */
class TraceReplayTest {
  private static final Cluster TIRESIAS_CLUSTER =
      Cluster.build(
          ClusterSpecReader.read(
              "tiresias.yaml",
              """
              name: tiresias
              fabric: {tiers: 2, layout: fat-tree, nodesPerLeaf: 16}
              pools:
                - {name: gpu, accelerator: a100-sxm-80gb, nodes: 16, devicesPerNode: 4,
                   nicsPerNode: 1, nicGbps: 100}
              """,
              Catalog.bundled()));

  private static final PriorityClass NORMAL = PriorityClass.preemptible("normal", 0, 0);

  private static final SchedulerConfig CONFIG =
      new SchedulerConfig(
          new PriorityClasses(List.of(NORMAL), "normal"),
          QueueTree.builder()
              .queue("all", "lab", BorrowingPolicy.BORROW_AND_LEND)
              .quota("all", "a100-sxm-80gb", 64, 64)
              .build());

  private static List<SimJob> jobs() throws IOException {
    try (InputStream in =
        TraceReplayTest.class.getResourceAsStream("/dev/wanka/sim/trace/tiresias_60_job.csv")) {
      Trace trace =
          TiresiasTrace.read(
              "tiresias_60_job.csv", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new TraceMapping(
              List.of(AcceleratorChoice.of("a100-sxm-80gb")), "all", "lab", NORMAL, 1.0, true)
          .map(trace)
          .jobs();
    }
  }

  private static TwinResult run(QueueOrder order) throws IOException {
    List<SimJob> jobs = jobs();
    return new Twin(
            TIRESIAS_CLUSTER, CONFIG, SchedulerPolicy.defaults().withQueueOrder(order), 7, jobs)
        .run(Long.MAX_VALUE / 4);
  }

  @Test
  void everyJobCompletesNoSoonerThanItsDurationUnderEveryOrder() throws IOException {
    List<SimJob> jobs = jobs();
    for (QueueOrder order :
        List.of(
            QueueOrders.FIFO, QueueOrders.SHORTEST_JOB_FIRST, QueueOrders.LEAST_ATTAINED_SERVICE)) {
      TwinResult result = run(order);
      assertThat(result.completed()).as(order.name()).isEqualTo(60);
      for (int i = 0; i < jobs.size(); i++) {
        assertThat(result.jobs().get(i).completionSeconds().getAsLong())
            .as(order.name() + " job " + i)
            .isGreaterThanOrEqualTo(jobs.get(i).durationSeconds());
      }
      RunSummary summary = RunSummary.of(result);
      assertThat(summary.utilization()).as(order.name()).isBetween(0.0, 1.0);
      assertThat(summary.p99CompletionSeconds())
          .isGreaterThanOrEqualTo(summary.p50CompletionSeconds());
      assertThat(summary.makespanSeconds()).isEqualTo(result.endSeconds());
    }
  }

  @Test
  void aReplayIsDeterministic() throws IOException {
    assertThat(run(QueueOrders.LEAST_ATTAINED_SERVICE))
        .isEqualTo(run(QueueOrders.LEAST_ATTAINED_SERVICE));
  }

  @Test
  void percentilesAreNearestRank() {
    long[] values = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(RunSummary.percentile(values, 50)).isEqualTo(50);
    assertThat(RunSummary.percentile(values, 99)).isEqualTo(100);
    assertThat(RunSummary.percentile(values, 10)).isEqualTo(10);
    assertThat(RunSummary.percentile(new long[0], 99)).isZero();
  }
}
