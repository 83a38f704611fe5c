package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.Fixtures.LOW;
import static dev.wanka.sched.cycle.Fixtures.meta;
import static dev.wanka.sched.cycle.Fixtures.training;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
import dev.wanka.workload.WorkloadId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 40 H100. Queues a and b are each guaranteed 16 and may borrow up to 40; c is guaranteed 8. c runs
 * c1 (8) within its guarantee; b runs b1 and b2 (16 each), so b borrows 16 of a's idle guarantee.
 * Then a asks for its 16.
 */
class QuotaReclaimTest {
  private static final Cluster CLUSTER = Fixtures.h100(5);

  private static Scheduler withBorrower() {
    QueueTree tree =
        QueueTree.builder()
            .queue("a", "tenant-a", BorrowingPolicy.BORROW_AND_LEND)
            .quota("a", "h100-sxm", 16, 40)
            .queue("b", "tenant-b", BorrowingPolicy.BORROW_AND_LEND)
            .quota("b", "h100-sxm", 16, 40)
            .queue("c", "tenant-c", BorrowingPolicy.BORROW_AND_LEND)
            .quota("c", "h100-sxm", 8, 8)
            .build();
    Scheduler s =
        new Scheduler(
            CLUSTER, new SchedulerConfig(Fixtures.CLASSES, tree), SchedulerPolicy.defaults());
    // c1 and b2 checkpoint every 100 s, so at t=200 they would lose nothing; b1 would lose 200 s
    s.submit(training(meta(1, "c", "tenant-c", LOW, 0), 8, Optional.empty(), null, 100L));
    s.submit(training(meta(2, "b", "tenant-b", LOW, 0), 16, Optional.empty(), null, null));
    s.submit(training(meta(3, "b", "tenant-b", LOW, 0), 16, Optional.empty(), null, 100L));
    s.cycle(0);
    return s;
  }

  private static GangId id(long workload) {
    return GangId.of(WorkloadId.of(workload));
  }

  @Test
  void theSecondGangOfTheBorrowingQueueIsAdmittedOnLoan() {
    Scheduler s = withBorrower();
    assertThat(s.allocationOf(id(2)).orElseThrow().borrowed()).isFalse();
    assertThat(s.allocationOf(id(3)).orElseThrow().borrowed()).isTrue();
    assertThat(s.quota().borrowed("b", "h100-sxm")).isEqualTo(16);
    assertThat(s.quota().borrowed("c", "h100-sxm")).isZero();
  }

  @Test
  void aReclaimTakesTheCheapestGangOfTheBorrowingQueueAndNothingFromAQueueWithinItsGuarantee() {
    Scheduler s = withBorrower();
    s.submit(training(meta(4, "a", "tenant-a", LOW, 200), 16, Optional.empty(), null, null));
    CycleResult at200 = s.cycle(200);
    assertThat(at200.preempted()).hasSize(1);
    Eviction eviction = at200.preempted().get(0);
    assertThat(eviction.victim().id())
        .as("b2 loses nothing; c1 is within c's guarantee")
        .isEqualTo(id(3));
    assertThat(eviction.reason()).startsWith("reclaims a's guarantee of 16 h100-sxm (it uses 0)");
    assertThat(at200.reasonFor(id(4)).code()).isEqualTo(ReasonCode.PREEMPTING);
    CycleResult at260 = s.cycle(260);
    assertThat(at260.evicted()).extracting(Allocation::id).containsExactly(id(3));
    Allocation reclaimed = s.allocationOf(id(4)).orElseThrow();
    assertThat(reclaimed.devices()).containsExactlyInAnyOrder(eviction.victim().devices());
    assertThat(s.allocationOf(id(1))).isPresent();
    assertThat(s.allocationOf(id(2))).isPresent();
    assertThat(at260.reasonFor(id(3)).code()).isEqualTo(ReasonCode.QUOTA);
  }

  @Test
  void aQueueAskingBeyondItsGuaranteeReclaimsNothing() {
    Scheduler s = withBorrower();
    s.submit(training(meta(4, "a", "tenant-a", LOW, 200), 24, Optional.empty(), null, null));
    CycleResult at200 = s.cycle(200);
    assertThat(at200.preempted()).isEmpty();
  }
}
