package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.HIGH;
import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.PRODUCTION;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static dev.wanka.sched.cycle.Fixtures.training;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules that keep preemption from going round in circles, on 16 H100 (two nodes). */
class PreemptionRulesTest {
  private static final Cluster CLUSTER = Fixtures.h100(2);

  /** Queues a and b, each guaranteed 8 of the 16, may borrow up to 16. */
  private static Scheduler twoQueues() {
    QueueTree tree =
        QueueTree.builder()
            .queue("a", "tenant-a", BorrowingPolicy.BORROW_AND_LEND)
            .quota("a", "h100-sxm", 8, 16)
            .queue("b", "tenant-b", BorrowingPolicy.BORROW_AND_LEND)
            .quota("b", "h100-sxm", 8, 16)
            .build();
    return new Scheduler(
        CLUSTER, new SchedulerConfig(Fixtures.CLASSES, tree), SchedulerPolicy.defaults());
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  @Test
  void priorityNeverTakesAnotherQueuesGuaranteedShare() {
    Scheduler s = twoQueues();
    s.submit(training(meta(1, "b", "tenant-b", LOW, 0), 8, Optional.empty(), null, null));
    s.submit(training(meta(2, "a", "tenant-a", LOW, 0), 8, Optional.empty(), null, null));
    s.cycle(0);
    // a's high-priority gang would have to take b's guaranteed 8: b could reclaim them right back
    s.submit(training(meta(3, "a", "tenant-a", HIGH, 10), 8, Optional.empty(), null, null));
    CycleResult result = s.cycle(10);
    assertThat(result.preempted()).extracting(e -> e.victim().id()).containsExactly(id(2));
  }

  @Test
  void priorityTakesFromAnotherQueueOnlyWhatItBorrows() {
    Scheduler s = twoQueues();
    // b runs 16: 8 of its own, 8 borrowed from a's idle guarantee
    s.submit(training(meta(1, "b", "tenant-b", LOW, 0), 8, Optional.empty(), null, 100L));
    s.submit(training(meta(2, "b", "tenant-b", LOW, 0), 8, Optional.empty(), null, null));
    s.cycle(0);
    s.submit(training(meta(3, "a", "tenant-a", HIGH, 10), 8, Optional.empty(), null, null));
    CycleResult result = s.cycle(10);
    assertThat(result.preempted()).hasSize(1);
    assertThat(s.quota().borrowed("b", "h100-sxm")).as("b keeps its guarantee").isZero();
  }

  @Test
  void aNonPreemptibleGangDoesNotBorrowAndSaysWhy() {
    Scheduler s = twoQueues();
    s.submit(training(meta(1, "a", "tenant-a", PRODUCTION, 0), 16, Optional.empty(), null, null));
    PendingReason reason = s.cycle(0).reasonFor(id(1));
    assertThat(reason.code()).isEqualTo(ReasonCode.QUOTA);
    assertThat(reason.message())
        .isEqualTo(
            "would borrow 8 h100-sxm of other queues' idle quota, but priority class production is"
                + " not preemptible, so it could not give them back; it may use only its queue's"
                + " own guarantee");
  }

  @Test
  void sharesArePreemptedWhenTheirDeviceIsNeeded() {
    Cluster one = Fixtures.h100(1);
    Scheduler s = new Scheduler(one, Fixtures.openConfig(one), SchedulerPolicy.defaults());
    s.submit(Fixtures.gang(meta(1, LOW, 0), 7, null));
    s.submit(Fixtures.share(meta(2, Fixtures.LOW_NO_GRACE, 0), 250));
    s.cycle(0);
    s.submit(Fixtures.gang(meta(3, HIGH, 10), 1, null));
    CycleResult result = s.cycle(10);
    assertThat(result.preempted()).extracting(e -> e.victim().id()).containsExactly(id(2));
    assertThat(result.started()).extracting(a -> a.id()).contains(id(3));
  }

  @Test
  void aQuotaPassesToThePreemptorAtOnceSoNothingElseTakesItDuringTheGrace() {
    Scheduler s = twoQueues();
    s.submit(training(meta(1, "b", "tenant-b", LOW, 0), 8, Optional.empty(), null, null));
    s.submit(training(meta(2, "b", "tenant-b", LOW, 0), 8, Optional.empty(), null, null));
    s.cycle(0);
    s.submit(training(meta(3, "a", "tenant-a", LOW, 10), 8, Optional.empty(), null, null));
    CycleResult reclaim = s.cycle(10);
    assertThat(reclaim.preempted()).hasSize(1);
    assertThat(s.quota().used("a", "h100-sxm")).as("claimed by the waiting preemptor").isEqualTo(8);
    assertThat(s.quota().used("b", "h100-sxm")).as("the victim's quota is gone").isEqualTo(8);
    // b asks again during the grace: its borrowing room is gone, and a's claim is not taken back
    s.submit(training(meta(4, "b", "tenant-b", LOW, 20), 8, Optional.empty(), null, null));
    CycleResult during = s.cycle(20);
    assertThat(during.preempted()).isEmpty();
    assertThat(during.reasonFor(id(4)).code()).isEqualTo(ReasonCode.QUOTA);
    assertThat(s.quota().used("a", "h100-sxm")).isEqualTo(8);
  }
}
