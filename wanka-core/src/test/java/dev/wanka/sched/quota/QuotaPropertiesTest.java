package dev.wanka.sched.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Quota invariants over random trees and random admit / release sequences. */
class QuotaPropertiesTest {
  private static final List<String> TYPES = List.of("h100-sxm", "910b");
  private static final BorrowingPolicy[] POLICIES = {
    BorrowingPolicy.BORROW_AND_LEND,
    BorrowingPolicy.BORROW_AND_LEND,
    BorrowingPolicy.LEND_ONLY,
    BorrowingPolicy.BORROW_ONLY,
    BorrowingPolicy.ISOLATED
  };

  /** A random tree of depth up to 3; children split part of their parent's guarantee. */
  static QueueTree randomTree(SplittableRandom random) {
    QueueTree.Builder b = QueueTree.builder();
    int tops = 1 + random.nextInt(3);
    for (int t = 0; t < tops; t++) {
      long[] g = new long[TYPES.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(65);
      }
      addQueue(b, random, "q" + t, g, 0);
    }
    return b.build();
  }

  private static void addQueue(
      QueueTree.Builder b, SplittableRandom random, String name, long[] guarantee, int depth) {
    b.queue(name, "tenant-" + random.nextInt(3), POLICIES[random.nextInt(POLICIES.length)]);
    for (int i = 0; i < TYPES.size(); i++) {
      if (guarantee[i] > 0 || random.nextBoolean()) {
        b.quota(name, TYPES.get(i), guarantee[i], guarantee[i] + random.nextInt(65));
      }
    }
    int children = depth >= 2 ? 0 : random.nextInt(4);
    long[] left = guarantee.clone();
    for (int c = 0; c < children; c++) {
      long[] g = new long[TYPES.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = left[i] == 0 ? 0 : random.nextLong(left[i] + 1);
        left[i] -= g[i];
      }
      addQueue(b, random, name + "/c" + c, g, depth + 1);
    }
  }

  private static List<String> leaves(QueueTree tree) {
    List<String> out = new ArrayList<>();
    for (int q = 0; q < tree.size(); q++) {
      if (tree.isLeaf(q)) {
        out.add(tree.nameOf(q));
      }
    }
    return out;
  }

  /** Runs a random admit / release sequence; returns every decision's reason and the ledger. */
  private static List<String> run(
      QuotaLedger ledger, SplittableRandom random, int steps, Check check) {
    QueueTree tree = ledger.tree();
    List<String> leaves = leaves(tree);
    List<String> log = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      String queue = leaves.get(random.nextInt(leaves.size()));
      String type = TYPES.get(random.nextInt(TYPES.size()));
      long held = ledger.used(queue, type);
      if (held > 0 && random.nextInt(3) == 0) {
        long n = 1 + random.nextLong(held);
        ledger.release(queue, type, n);
        log.add("release " + queue + " " + type + " " + n);
      } else {
        long before = ledger.used(queue, type);
        AdmissionDecision d = ledger.admit(queue, type, 1 + random.nextInt(24));
        log.add(d.toString());
        assertThat(ledger.used(queue, type)).isEqualTo(before + (d.allowed() ? d.devices() : 0));
        // loans name real lenders other than the queue and never exceed what was admitted
        assertThat(d.borrowedDevices()).isLessThanOrEqualTo(d.devices());
        for (Loan loan : d.loans()) {
          assertThat(tree.contains(loan.lender())).as("lender %s", loan).isTrue();
          assertThat(loan.lender()).isNotEqualTo(queue);
          assertThat(loan.devices()).isPositive();
        }
      }
      check.accept(ledger);
    }
    return log;
  }

  interface Check {
    void accept(QuotaLedger ledger);
  }

  private static void invariants(QuotaLedger ledger) {
    QueueTree tree = ledger.tree();
    int root = tree.size();
    for (String type : TYPES) {
      long pool = tree.guaranteed(root, type);
      long borrowedAtTop = 0;
      long idleLentAtTop = 0;
      for (int q = 0; q < root; q++) {
        String name = tree.nameOf(q);
        long used = ledger.used(name, type);
        long g = tree.guaranteed(q, type);
        // usage never exceeds max
        assertThat(used).as("%s %s used", name, type).isLessThanOrEqualTo(tree.max(q, type));
        // a queue goes beyond its guarantee only by borrowing, which its policy must allow
        if (used > g) {
          assertThat(tree.borrowing(q).mayBorrow()).as("%s borrows", name).isTrue();
          assertThat(ledger.borrowed(name, type)).isGreaterThanOrEqualTo(used - g);
        }
        if (tree.parentOf(q) == root) {
          borrowedAtTop += ledger.borrowed(name, type);
          if (tree.borrowing(q).mayLend()) {
            idleLentAtTop += Math.max(0, g - used);
          }
        }
        // inside every parent, what children borrow is covered by idle lent inside it or by
        // the parent's own borrowing
        int[] kids = tree.childrenOf(q);
        if (kids.length > 0) {
          long borrowed = 0;
          long idleLent = g;
          for (int c : kids) {
            String child = tree.nameOf(c);
            borrowed += ledger.borrowed(child, type);
            long cg = tree.guaranteed(c, type);
            idleLent -= tree.borrowing(c).mayLend() ? Math.min(cg, ledger.used(child, type)) : cg;
          }
          assertThat(borrowed)
              .as("borrowed inside %s %s", name, type)
              .isLessThanOrEqualTo(idleLent + ledger.borrowed(name, type));
        }
      }
      // the sum of what top-level queues borrow is at most the idle guarantees lent
      assertThat(borrowedAtTop).isLessThanOrEqualTo(idleLentAtTop);
      assertThat(borrowedAtTop).isLessThanOrEqualTo(pool);
    }
  }

  @Property(tries = 300, seed = "20261130")
  void usageStaysWithinMaxAndGuaranteesUnlessBorrowingCoversIt(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    QueueTree tree = randomTree(random);
    QuotaLedger ledger = new QuotaLedger(tree);
    invariants(ledger);
    run(ledger, random, 120, QuotaPropertiesTest::invariants);
  }

  @Property(tries = 200, seed = "20261201")
  void releasingEverythingReturnsUsageToZero(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    QueueTree tree = randomTree(random);
    QuotaLedger ledger = new QuotaLedger(tree);
    List<QueueUsage> empty = ledger.snapshot();
    run(ledger, random, 80, l -> {});
    for (String leaf : leaves(tree)) {
      for (String type : TYPES) {
        long held = ledger.used(leaf, type);
        if (held > 0) {
          ledger.release(leaf, type, held);
        }
      }
    }
    assertThat(ledger.snapshot()).isEqualTo(empty);
    assertThat(ledger.snapshot()).allSatisfy(u -> assertThat(u.usedDevices()).isZero());
    for (int q = 0; q < tree.size(); q++) {
      assertThat(ledger.borrowedBy(tree.nameOf(q))).isEmpty();
    }
  }

  @Property(tries = 100, seed = "20261202")
  void theSameSequenceGivesTheSameResult(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    QuotaLedger first = new QuotaLedger(randomTree(new SplittableRandom(seed)));
    QuotaLedger second = new QuotaLedger(randomTree(new SplittableRandom(seed)));
    SplittableRandom r1 = new SplittableRandom(seed + 1);
    SplittableRandom r2 = new SplittableRandom(seed + 1);
    assertThat(run(first, r1, 80, l -> {})).isEqualTo(run(second, r2, 80, l -> {}));
    assertThat(first.snapshot()).isEqualTo(second.snapshot());
    for (String leaf : leaves(first.tree())) {
      for (String type : TYPES) {
        assertThat(first.reclaimable(leaf, type)).isEqualTo(second.reclaimable(leaf, type));
      }
    }
  }

  @Property(tries = 300, seed = "20261203")
  void givingBackTheReclaimLetsTheQueueUseItsGuarantee(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    QueueTree tree = randomTree(random);
    QuotaLedger ledger = new QuotaLedger(tree);
    run(ledger, random, 100, l -> {});
    List<String> leaves = leaves(tree);
    String queue = leaves.get(random.nextInt(leaves.size()));
    for (String type : TYPES) {
      ReclaimPlan plan = ledger.reclaimable(queue, type);
      assertThat(plan.shortfallDevices()).as("shortfall %s", plan).isZero();
      for (Reclaim r : plan.giveBack()) {
        int x = tree.indexOf(r.borrower());
        // only what a borrower holds beyond its own guarantee is taken back
        assertThat(r.devices())
            .isPositive()
            .isLessThanOrEqualTo(ledger.used(r.borrower(), type) - tree.guaranteed(x, type));
        ledger.release(r.borrower(), type, r.devices());
      }
      if (plan.deficitDevices() > 0) {
        AdmissionDecision d = ledger.canAdmit(queue, type, plan.deficitDevices());
        assertThat(d.allowed()).as("%s after %s", d, plan).isTrue();
      }
      invariants(ledger);
    }
  }
}
