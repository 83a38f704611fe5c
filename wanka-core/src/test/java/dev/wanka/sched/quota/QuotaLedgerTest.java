package dev.wanka.sched.quota;

import static dev.wanka.sched.quota.BorrowingPolicy.BORROW_AND_LEND;
import static dev.wanka.sched.quota.BorrowingPolicy.BORROW_ONLY;
import static dev.wanka.sched.quota.BorrowingPolicy.LEND_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
  private static final String H100 = "h100-sxm";

  /**
   *
   *
   * <pre>
   * team-a         g 512  max 1024          team-b        g 512 max 1024
   *   research     g 384  max 512             train       g 512 max 768
   *   infer        g 128  max 256
   * </pre>
   */
  private static QueueTree tree(BorrowingPolicy research, BorrowingPolicy teamB) {
    return QueueTree.builder()
        .queue("team-a", "acme", BORROW_AND_LEND, Map.of(H100, new Quota(512, 1024)))
        .queue("team-a/research", "acme", research, Map.of(H100, new Quota(384, 512)))
        .queue("team-a/infer", "acme", BORROW_AND_LEND, Map.of(H100, new Quota(128, 256)))
        .queue("team-b", "beta", teamB, Map.of(H100, new Quota(512, 1024)))
        .queue("team-b/train", "beta", BORROW_AND_LEND, Map.of(H100, new Quota(512, 768)))
        .build();
  }

  private static QuotaLedger ledger() {
    return new QuotaLedger(tree(BORROW_AND_LEND, BORROW_AND_LEND));
  }

  @Test
  void workWithinTheGuaranteeIsAdmittedWithoutBorrowing() {
    QuotaLedger ledger = ledger();
    AdmissionDecision d = ledger.admit("team-a/research", H100, 384);
    assertThat(d.allowed()).isTrue();
    assertThat(d.borrows()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a/research would use 384 h100-sxm (guarantee 384, max 512);"
                + " admitting 384 stays within guarantees");
    assertThat(ledger.used("team-a/research", H100)).isEqualTo(384);
    assertThat(ledger.used("team-a", H100)).isEqualTo(384);
    assertThat(ledger.borrowedBy("team-a/research")).isEmpty();
  }

  @Test
  void aQueueBorrowsTheIdleGuaranteeOfItsSibling() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 384);
    AdmissionDecision d = ledger.admit("team-a/research", H100, 64);
    assertThat(d.allowed()).isTrue();
    assertThat(d.loans()).containsExactly(new Loan("team-a/infer", 64));
    assertThat(d.borrowedDevices()).isEqualTo(64);
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a/research would use 448 h100-sxm (guarantee 384, max 512);"
                + " admitting 64 borrows 64 idle from team-a/infer 64");
    assertThat(ledger.borrowedBy("team-a/research")).isEqualTo(Map.of(H100, 64L));
    assertThat(ledger.borrowedBy("team-a")).isEmpty();
  }

  @Test
  void whenTheParentIsFullTheLoanComesFromTheParentsSibling() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 384);
    ledger.admit("team-a/infer", H100, 128);
    AdmissionDecision d = ledger.admit("team-a/infer", H100, 64);
    assertThat(d.allowed()).isTrue();
    assertThat(d.loans()).containsExactly(new Loan("team-b", 64));
    assertThat(ledger.borrowedBy("team-a")).isEqualTo(Map.of(H100, 64L));
    assertThat(ledger.borrowedBy("team-a/infer")).isEqualTo(Map.of(H100, 64L));
  }

  @Test
  void devicesWhoseIdleGuaranteeWasLentUpwardsAreBorrowedOnceFromAbove() {
    QueueTree tree =
        QueueTree.builder()
            .queue("a", "t", BORROW_AND_LEND, Map.of(H100, new Quota(10, 20)))
            .queue("a/p", "t", BORROW_AND_LEND, Map.of(H100, new Quota(10, 20)))
            .queue("a/p/s", "t", BORROW_AND_LEND, Map.of(H100, new Quota(5, 20)))
            .queue("a/p/x", "t", BORROW_AND_LEND, Map.of(H100, new Quota(5, 20)))
            .queue("a/y", "t", BORROW_AND_LEND, Map.of(H100, new Quota(0, 20)))
            .queue("b", "u", BORROW_AND_LEND, Map.of(H100, new Quota(10, 20)))
            .build();
    QuotaLedger ledger = new QuotaLedger(tree);
    ledger.admit("a/p/x", H100, 5);
    assertThat(ledger.admit("a/y", H100, 5).loans()).containsExactly(new Loan("a/p", 5));
    // x goes 5 beyond its guarantee inside a/p, whose idle share a/y already holds: the five
    // devices come from b, once
    AdmissionDecision d = ledger.admit("a/p/x", H100, 5);
    assertThat(d.loans()).containsExactly(new Loan("b", 5));
    assertThat(ledger.borrowedBy("a/p/x")).isEqualTo(Map.of(H100, 5L));
    assertThat(ledger.borrowedBy("a")).isEqualTo(Map.of(H100, 5L));
  }

  @Test
  void theMaxCapsBorrowingAndTheReasonSaysSo() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 492);
    AdmissionDecision d = ledger.canAdmit("team-a/research", H100, 64);
    assertThat(d.allowed()).isFalse();
    assertThat(d.loans()).isEmpty();
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a/research uses 96% of its h100-sxm quota (492 of 512);"
                + " admitting 64 would exceed its max of 512");
    assertThat(ledger.canAdmit("team-a/research", H100, 20).allowed()).isTrue();
    assertThat(ledger.used("team-a/research", H100)).isEqualTo(492);
  }

  @Test
  void anAncestorsMaxAlsoCaps() {
    QueueTree tree =
        QueueTree.builder()
            .queue("org", "acme", BORROW_AND_LEND, Map.of(H100, new Quota(8, 10)))
            .queue("org/a", "acme", BORROW_AND_LEND, Map.of(H100, new Quota(4, 16)))
            .queue("org/b", "acme", BORROW_AND_LEND, Map.of(H100, new Quota(4, 16)))
            .queue("other", "beta", BORROW_AND_LEND, Map.of(H100, new Quota(16, 16)))
            .build();
    QuotaLedger ledger = new QuotaLedger(tree);
    assertThat(ledger.admit("org/a", H100, 10).allowed()).isTrue();
    AdmissionDecision d = ledger.canAdmit("org/b", H100, 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "queue org (above org/b) uses 100% of its h100-sxm quota (10 of 10);"
                + " admitting 1 would exceed its max of 10");
  }

  @Test
  void aQueueThatMayNotBorrowStopsAtItsGuarantee() {
    QuotaLedger ledger = new QuotaLedger(tree(LEND_ONLY, BORROW_AND_LEND));
    ledger.admit("team-a/research", H100, 380);
    AdmissionDecision d = ledger.canAdmit("team-a/research", H100, 8);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a/research may not borrow and holds 380 of its h100-sxm guarantee of 384;"
                + " admitting 8 would exceed it by 4");
  }

  @Test
  void aQueueThatDoesNotLendKeepsItsIdleGuarantee() {
    QuotaLedger ledger = new QuotaLedger(tree(BORROW_AND_LEND, BORROW_ONLY));
    ledger.admit("team-a/research", H100, 384);
    ledger.admit("team-a/infer", H100, 128);
    AdmissionDecision d = ledger.canAdmit("team-a/infer", H100, 64);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a/infer uses 128 of its h100-sxm guarantee of 128; admitting 64 needs 64"
                + " more than the idle guarantees lent to it");
    // team-b still borrows team-a's idle guarantee once team-a has some
    ledger.release("team-a/research", H100, 100);
    AdmissionDecision b = ledger.admit("team-b/train", H100, 612);
    assertThat(b.allowed()).isTrue();
    assertThat(b.loans()).containsExactly(new Loan("team-a", 100));
  }

  @Test
  void reclaimGivesBackExactlyTheBorrowersExcess() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 512);
    ledger.admit("team-a/infer", H100, 128);
    assertThat(ledger.borrowedBy("team-a")).isEqualTo(Map.of(H100, 128L));
    ReclaimPlan plan = ledger.reclaimable("team-b/train", H100);
    assertThat(plan.deficitDevices()).isEqualTo(512);
    assertThat(plan.giveBack()).containsExactly(new Reclaim("team-a/research", 128));
    assertThat(plan.shortfallDevices()).isZero();
    // within guarantee, so the refusal points at the reclaim
    assertThat(ledger.canAdmit("team-b/train", H100, 512).reason())
        .endsWith(
            "it stays within its guarantee, so reclaiming 128 from borrowing queues would"
                + " make room");
    ledger.release("team-a/research", H100, 128);
    assertThat(ledger.admit("team-b/train", H100, 512).allowed()).isTrue();
  }

  @Test
  void reclaimTakesFromEveryBorrowerWhenOneIsNotEnough() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 512);
    ledger.admit("team-a/infer", H100, 256);
    ledger.admit("team-b/train", H100, 100);
    ReclaimPlan plan = ledger.reclaimable("team-b/train", H100);
    assertThat(plan.deficitDevices()).isEqualTo(412);
    assertThat(plan.giveBack())
        .containsExactly(new Reclaim("team-a/infer", 128), new Reclaim("team-a/research", 128));
    assertThat(plan.totalDevices()).isEqualTo(256);
  }

  @Test
  void noReclaimIsNeededWhileOtherIdleQuotaCoversTheGuarantee() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 512); // borrows infer's idle 128
    ReclaimPlan plan = ledger.reclaimable("team-a/infer", H100);
    assertThat(plan.deficitDevices()).isEqualTo(128);
    assertThat(plan.giveBack()).isEmpty(); // team-a may borrow team-b's idle guarantee instead
    ledger.admit("team-b/train", H100, 512);
    assertThat(ledger.reclaimable("team-a/infer", H100).giveBack())
        .containsExactly(new Reclaim("team-a/research", 128));
    assertThat(ledger.reclaimable("team-b/train", H100).deficitDevices()).isZero();
  }

  @Test
  void closerBorrowersAreReclaimedFirst() {
    QueueTree tree =
        QueueTree.builder()
            .queue("a", "t", BORROW_AND_LEND, Map.of(H100, new Quota(8, 16)))
            .queue("a/x", "t", BORROW_AND_LEND, Map.of(H100, new Quota(4, 16)))
            .queue("a/y", "t", BORROW_AND_LEND, Map.of(H100, new Quota(4, 16)))
            .queue("b", "u", BORROW_AND_LEND, Map.of(H100, new Quota(8, 16)))
            .build();
    QuotaLedger ledger = new QuotaLedger(tree);
    ledger.admit("a/y", H100, 6); // borrows 2 from a/x
    ledger.admit("b", H100, 10); // borrows 2 from a's idle
    ReclaimPlan plan = ledger.reclaimable("a/x", H100);
    assertThat(plan.giveBack()).containsExactly(new Reclaim("a/y", 2), new Reclaim("b", 2));
  }

  @Test
  void workGoesToLeafQueuesAndReleasesAreChecked() {
    QuotaLedger ledger = ledger();
    AdmissionDecision d = ledger.canAdmit("team-a", H100, 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "queue team-a has child queues; work goes to a leaf queue (team-a/infer,"
                + " team-a/research)");
    assertThat(ledger.canAdmit("team-a/infer", "910b", 1).reason())
        .isEqualTo("queue team-a/infer has no 910b quota (its tree has quota for h100-sxm)");
    assertThatThrownBy(() -> ledger.release("team-a/infer", H100, 1))
        .hasMessage(
            "cannot release 1 h100-sxm from queue 'team-a/infer': it holds 0; allowed: 1 to 0");
    assertThatThrownBy(() -> ledger.canAdmit("team-a/reserch", H100, 1))
        .hasMessageContaining("unknown queue 'team-a/reserch'; did you mean 'team-a/research'?");
    assertThatThrownBy(() -> ledger.canAdmit("team-a/research", H100, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotListsEveryQueueAndType() {
    QuotaLedger ledger = ledger();
    ledger.admit("team-a/research", H100, 400);
    assertThat(ledger.snapshot())
        .containsExactly(
            new QueueUsage("team-a", H100, 400, 512, 1024, 0),
            new QueueUsage("team-a/infer", H100, 0, 128, 256, 0),
            new QueueUsage("team-a/research", H100, 400, 384, 512, 16),
            new QueueUsage("team-b", H100, 0, 512, 1024, 0),
            new QueueUsage("team-b/train", H100, 0, 512, 768, 0));
  }

  @Test
  void typesAreIndependent() {
    QueueTree tree =
        QueueTree.builder()
            .queue(
                "a", "t", BORROW_AND_LEND, Map.of(H100, new Quota(8, 8), "910b", new Quota(2, 4)))
            .queue("b", "t", BORROW_AND_LEND, Map.of("910b", new Quota(2, 2)))
            .build();
    QuotaLedger ledger = new QuotaLedger(tree);
    assertThat(ledger.admit("a", H100, 8).allowed()).isTrue();
    assertThat(ledger.admit("a", "910b", 4).loans()).containsExactly(new Loan("b", 2));
    assertThat(ledger.canAdmit("b", H100, 1).allowed()).isFalse();
    assertThat(ledger.borrowedBy("a")).isEqualTo(Map.of("910b", 2L));
    assertThat(List.copyOf(tree.acceleratorTypes())).containsExactly("910b", H100);
  }
}
