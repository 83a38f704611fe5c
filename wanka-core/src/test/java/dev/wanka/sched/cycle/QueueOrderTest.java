package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.HIGH;
import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.gang;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.QueueOrder;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each queue order on one node of 8 H100: a blocker holds the node, several gangs of 8 wait, the
 * blocker ends, and the order decides which one gets the node. Preemption is off so that only the
 * order decides.
 */
class QueueOrderTest {
  private static final Cluster ONE_NODE = Fixtures.h100(1);

  private static Scheduler blocked(QueueOrder order, SchedulerConfig config) {
    Scheduler s =
        new Scheduler(
            ONE_NODE,
            config,
            SchedulerPolicy.defaults().withQueueOrder(order).withPreemptions(List.of()));
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.cycle(0);
    return s;
  }

  private static GangId winnerAfterBlockerEnds(Scheduler s, long now) {
    s.finish(WorkloadId.of(1), now);
    List<Allocation> started = s.cycle(now).started();
    assertThat(started).hasSize(1);
    return started.get(0).id();
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  @Test
  void fifoStartsTheEarliestSubmitted() {
    Scheduler s = blocked(QueueOrders.FIFO, Fixtures.openConfig(ONE_NODE));
    s.submit(gang(meta(2, HIGH, 20), 8, 10L));
    s.submit(gang(meta(3, LOW, 10), 8, 1000L));
    assertThat(winnerAfterBlockerEnds(s, 30)).isEqualTo(id(3));
  }

  @Test
  void priorityStartsTheHighestPriorityThenTheEarliest() {
    Scheduler s = blocked(QueueOrders.PRIORITY, Fixtures.openConfig(ONE_NODE));
    s.submit(gang(meta(2, LOW, 10), 8, null));
    s.submit(gang(meta(3, HIGH, 20), 8, null));
    s.submit(gang(meta(4, HIGH, 25), 8, null));
    assertThat(winnerAfterBlockerEnds(s, 30)).isEqualTo(id(3));
  }

  @Test
  void shortestJobFirstStartsTheShortestEstimateAndUnknownLast() {
    Scheduler s = blocked(QueueOrders.SHORTEST_JOB_FIRST, Fixtures.openConfig(ONE_NODE));
    s.submit(gang(meta(2, LOW, 10), 8, null));
    s.submit(gang(meta(3, LOW, 20), 8, 3600L));
    s.submit(gang(meta(4, LOW, 25), 8, 600L));
    assertThat(winnerAfterBlockerEnds(s, 30)).isEqualTo(id(4));
  }

  @Test
  void leastAttainedServiceStartsTheJobThatHasHadLeast() {
    Scheduler s =
        new Scheduler(
            ONE_NODE,
            Fixtures.openConfig(ONE_NODE),
            SchedulerPolicy.defaults()
                .withQueueOrder(QueueOrders.LEAST_ATTAINED_SERVICE)
                .withPreemptions(List.of()));
    // job 1 runs 100 s on 8 devices, is stopped and waits again; job 2 has had nothing
    s.submit(gang(meta(1, LOW, 0), 8, null));
    s.cycle(0);
    s.submit(gang(meta(2, LOW, 50), 8, null));
    s.stopped(id(1), 100);
    s.submit(gang(meta(3, LOW, 100), 8, null));
    List<Allocation> started = s.cycle(100).started();
    assertThat(started).extracting(Allocation::id).containsExactly(id(2));
  }

  @Test
  void dominantResourceFairnessStartsTheTenantWithTheSmallestShare() {
    QueueTree tree =
        QueueTree.builder()
            .queue("a", "tenant-a", BorrowingPolicy.BORROW_AND_LEND)
            .quota("a", "h100-sxm", 8, 8)
            .queue("b", "tenant-b", BorrowingPolicy.BORROW_AND_LEND)
            .quota("b", "h100-sxm", 8, 8)
            .build();
    SchedulerConfig config = new SchedulerConfig(Fixtures.CLASSES, tree);
    Scheduler s =
        new Scheduler(
            ONE_NODE,
            config,
            SchedulerPolicy.defaults()
                .withQueueOrder(QueueOrders.DOMINANT_RESOURCE_FAIRNESS)
                .withPreemptions(List.of()));
    // tenant-a holds 4 of the 8 devices; both tenants want the other 4
    s.submit(gang(meta(1, "a", "tenant-a", LOW, 0), 4, null));
    s.cycle(0);
    s.submit(gang(meta(2, "a", "tenant-a", LOW, 10), 4, null));
    s.submit(gang(meta(3, "b", "tenant-b", LOW, 20), 4, null));
    List<Allocation> started = s.cycle(30).started();
    assertThat(started).extracting(Allocation::id).containsExactly(id(3));
  }
}
