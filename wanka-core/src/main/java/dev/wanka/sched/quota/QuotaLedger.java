package dev.wanka.sched.quota;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Devices in use per queue and accelerator type, kept against a {@link QueueTree}'s quotas. Each
 * admit or release walks one path to the root: O(depth).
 *
 * <p>Per type the ledger keeps, for every queue {@code a}: {@code used(a)}, the devices admitted in
 * its subtree; and {@code committed(a)}, what its subtree holds of the guaranteed pool, where a
 * child that may not lend keeps its whole guarantee: {@code claim(c) = mayLend(c) ? committed(c) :
 * max(committed(c), guaranteed(c))}, {@code committed(a) = sum of claim(children)} ({@code used}
 * for a leaf). A queue borrows {@code max(0, committed - guaranteed)}. An admission is allowed
 * when, on the path from the leaf to the root: no queue's {@code used} exceeds its max; no queue
 * that may not borrow commits beyond its guarantee; and the root's commitments fit in the pool of
 * top-level guarantees. So borrowing only ever takes guarantees that are idle and lent.
 */
public final class QuotaLedger {
  private final QueueTree tree;
  private final int root;
  private final Map<String, long[]> used = new HashMap<>();
  private final Map<String, long[]> committed = new HashMap<>();

  public QuotaLedger(QueueTree tree) {
    this.tree = tree;
    this.root = tree.size();
    for (String type : tree.acceleratorTypes()) {
      long[] c = new long[root + 1];
      // non-lenders hold their guarantee even when idle
      for (int q = root - 1; q >= 0; q--) {
        long claim = claim(q, type, c[q]);
        c[tree.parentOf(q)] += claim;
      }
      used.put(type, new long[root + 1]);
      committed.put(type, c);
    }
  }

  private QuotaLedger(QuotaLedger other) {
    this.tree = other.tree;
    this.root = other.root;
    other.used.forEach((type, counts) -> used.put(type, counts.clone()));
    other.committed.forEach((type, counts) -> committed.put(type, counts.clone()));
  }

  /** An independent copy, for what-if questions such as choosing preemption victims. */
  public QuotaLedger copy() {
    return new QuotaLedger(this);
  }

  public QueueTree tree() {
    return tree;
  }

  /** Whether {@code devices} more of a type may go to a leaf queue now, and why. */
  public AdmissionDecision canAdmit(String queue, String acceleratorType, long devices) {
    int q = tree.indexOf(queue);
    if (devices <= 0) {
      throw new IllegalArgumentException(
          "devices to admit must be positive, got " + devices + " for queue '" + queue + "'");
    }
    if (!tree.isLeaf(q)) {
      return deny(
          queue,
          acceleratorType,
          devices,
          "queue "
              + queue
              + " has child queues; work goes to a leaf queue ("
              + String.join(", ", leavesUnder(q))
              + ")");
    }
    long[] u = used.get(acceleratorType);
    if (u == null || tree.max(q, acceleratorType) == 0) {
      return deny(
          queue,
          acceleratorType,
          devices,
          "queue "
              + queue
              + " has no "
              + acceleratorType
              + " quota"
              + (tree.acceleratorTypes().isEmpty()
                  ? ""
                  : " (its tree has quota for "
                      + String.join(", ", tree.acceleratorTypes())
                      + ")"));
    }
    long[] c = committed.get(acceleratorType);
    // new committed values along the path, computed without changing state
    long delta = devices;
    int node = q;
    long[] before = new long[tree.depthOf(q) + 2];
    long[] after = new long[tree.depthOf(q) + 2];
    int[] path = new int[tree.depthOf(q) + 2];
    int k = 0;
    while (true) {
      path[k] = node;
      before[k] = c[node];
      after[k] = c[node] + delta;
      if (node != root && u[node] + devices > tree.max(node, acceleratorType)) {
        return deny(queue, acceleratorType, devices, maxReason(q, node, acceleratorType, devices));
      }
      if (node == root) {
        break;
      }
      if (!tree.borrowing(node).mayBorrow() && after[k] > tree.guaranteed(node, acceleratorType)) {
        return deny(
            queue,
            acceleratorType,
            devices,
            noBorrowReason(q, node, acceleratorType, devices, after[k]));
      }
      delta = claim(node, acceleratorType, after[k]) - claim(node, acceleratorType, before[k]);
      node = tree.parentOf(node);
      k++;
    }
    long pool = tree.guaranteed(root, acceleratorType);
    if (after[k] > pool) {
      return deny(
          queue,
          acceleratorType,
          devices,
          poolReason(q, acceleratorType, devices, after[k] - pool));
    }
    List<Loan> loans = loans(path, before, after, k, acceleratorType);
    return new AdmissionDecision(
        true,
        queue,
        acceleratorType,
        devices,
        loans,
        allowReason(q, acceleratorType, devices, loans));
  }

  /** Admits the devices if {@link #canAdmit} allows it; the returned decision says which. */
  public AdmissionDecision admit(String queue, String acceleratorType, long devices) {
    AdmissionDecision decision = canAdmit(queue, acceleratorType, devices);
    if (decision.allowed()) {
      apply(
          used.get(acceleratorType),
          committed.get(acceleratorType),
          tree.indexOf(queue),
          acceleratorType,
          devices);
    }
    return decision;
  }

  /** Gives back devices a leaf queue holds; more than it holds is refused. */
  public void release(String queue, String acceleratorType, long devices) {
    int q = tree.indexOf(queue);
    long[] u = used.get(acceleratorType);
    long holds = u == null || !tree.isLeaf(q) ? 0 : u[q];
    if (devices <= 0 || devices > holds) {
      throw new IllegalArgumentException(
          "cannot release "
              + devices
              + " "
              + acceleratorType
              + " from queue '"
              + queue
              + "': it holds "
              + holds
              + (tree.isLeaf(q) ? "" : " (not a leaf queue)")
              + "; allowed: 1 to "
              + holds);
    }
    apply(u, committed.get(acceleratorType), q, acceleratorType, -devices);
  }

  /** Devices of a type in use in a queue's subtree. */
  public long used(String queue, String acceleratorType) {
    long[] u = used.get(acceleratorType);
    return u == null ? 0 : u[tree.indexOf(queue)];
  }

  /** Devices of a type a queue holds beyond its guarantee, on loan. */
  public long borrowed(String queue, String acceleratorType) {
    long[] c = committed.get(acceleratorType);
    int q = tree.indexOf(queue);
    return c == null ? 0 : Math.max(0, c[q] - tree.guaranteed(q, acceleratorType));
  }

  /** Borrowed devices per accelerator type (types with none left out), sorted by type. */
  public Map<String, Long> borrowedBy(String queue) {
    Map<String, Long> out = new TreeMap<>();
    for (String type : tree.acceleratorTypes()) {
      long b = borrowed(queue, type);
      if (b > 0) {
        out.put(type, b);
      }
    }
    return out;
  }

  /** Every queue's standing for every type it has quota for or uses, by queue then type. */
  public List<QueueUsage> snapshot() {
    List<QueueUsage> rows = new ArrayList<>();
    for (int q = 0; q < root; q++) {
      String name = tree.nameOf(q);
      for (String type : tree.acceleratorTypes()) {
        long u = used.get(type)[q];
        if (u == 0 && tree.max(q, type) == 0) {
          continue;
        }
        rows.add(
            new QueueUsage(
                name, type, u, tree.guaranteed(q, type), tree.max(q, type), borrowed(name, type)));
      }
    }
    return List.copyOf(rows);
  }

  /**
   * Which borrowers must give back how many devices so that {@code queue} can use its whole
   * guarantee of a type: the deficit is admitted hypothetically, and leaf queues above their own
   * guarantee give back, closest in the tree first (then most borrowed, then by name), just enough
   * to make it fit. Used to choose victims of preemption by quota reclaim.
   */
  public ReclaimPlan reclaimable(String queue, String acceleratorType) {
    int q = tree.indexOf(queue);
    long[] u0 = used.get(acceleratorType);
    if (u0 == null) {
      return new ReclaimPlan(queue, acceleratorType, 0, List.of(), 0);
    }
    long[] u = u0.clone();
    long[] c = committed.get(acceleratorType).clone();
    long deficit = Math.max(0, tree.guaranteed(q, acceleratorType) - c[q]);
    if (deficit == 0) {
      return new ReclaimPlan(queue, acceleratorType, 0, List.of(), 0);
    }
    apply(u, c, q, acceleratorType, deficit);
    long need = violation(u, c, q, acceleratorType);
    List<Integer> candidates = new ArrayList<>();
    for (int x = 0; x < root; x++) {
      if (tree.isLeaf(x) && !isInSubtree(x, q) && u[x] > tree.guaranteed(x, acceleratorType)) {
        candidates.add(x);
      }
    }
    candidates.sort(
        (a, b) -> {
          int byDepth =
              Integer.compare(
                  tree.depthOf(commonAncestor(b, q)), tree.depthOf(commonAncestor(a, q)));
          if (byDepth != 0) {
            return byDepth;
          }
          long ea = u[a] - tree.guaranteed(a, acceleratorType);
          long eb = u[b] - tree.guaranteed(b, acceleratorType);
          return ea != eb ? Long.compare(eb, ea) : tree.nameOf(a).compareTo(tree.nameOf(b));
        });
    List<Reclaim> giveBack = new ArrayList<>();
    for (int x : candidates) {
      if (need == 0) {
        break;
      }
      long r = Math.min(u[x] - tree.guaranteed(x, acceleratorType), need);
      // each device given back lowers the need by at most one: shrink r to what actually helps
      while (r > 0) {
        apply(u, c, x, acceleratorType, -r);
        long gain = need - violation(u, c, q, acceleratorType);
        if (gain == r) {
          need -= r;
          giveBack.add(new Reclaim(tree.nameOf(x), r));
          break;
        }
        apply(u, c, x, acceleratorType, r);
        r = gain;
      }
    }
    return new ReclaimPlan(queue, acceleratorType, deficit, giveBack, need);
  }

  // --- internals ---

  private long claim(int q, String type, long committedDevices) {
    return tree.borrowing(q).mayLend()
        ? committedDevices
        : Math.max(committedDevices, tree.guaranteed(q, type));
  }

  /** Adds {@code delta} devices at queue q and updates both arrays up to the root. */
  private void apply(long[] u, long[] c, int q, String type, long delta) {
    long d = delta;
    int node = q;
    while (true) {
      u[node] += delta;
      long old = c[node];
      c[node] += d;
      if (node == root) {
        return;
      }
      d = claim(node, type, c[node]) - claim(node, type, old);
      node = tree.parentOf(node);
    }
  }

  /** How far the path from q to the root is beyond what the rules allow (0 when it fits). */
  private long violation(long[] u, long[] c, int q, String type) {
    long worst = 0;
    for (int node = q; node != root; node = tree.parentOf(node)) {
      worst = Math.max(worst, u[node] - tree.max(node, type));
      if (!tree.borrowing(node).mayBorrow()) {
        worst = Math.max(worst, c[node] - tree.guaranteed(node, type));
      }
    }
    return Math.max(worst, c[root] - tree.guaranteed(root, type));
  }

  /**
   * Whose idle guarantee the admission takes. At each level the increase of the child's borrowing
   * not passed on to its parent is covered inside the parent: by lending siblings' idle guarantees
   * (in name order, after what earlier borrowers already took) and the parent's unassigned share.
   * Levels are charged from the top down and never for more devices than are admitted: when a
   * parent must itself borrow because its idle guarantee was already lent upwards, the devices come
   * from above, not twice.
   */
  private List<Loan> loans(int[] path, long[] before, long[] after, int top, String type) {
    long[] c = committed.get(type);
    List<List<Loan>> levels = new ArrayList<>();
    for (int i = 0; i < top; i++) {
      List<Loan> level = new ArrayList<>();
      levels.add(level);
      int child = path[i];
      int parent = path[i + 1];
      long increase = borrowedOf(child, type, after[i]) - borrowedOf(child, type, before[i]);
      long passedUp =
          parent == root
              ? 0
              : borrowedOf(parent, type, after[i + 1]) - borrowedOf(parent, type, before[i + 1]);
      long inside = increase - Math.max(0, passedUp);
      if (inside <= 0) {
        continue;
      }
      // already taken inside the parent by other borrowing children
      long taken = 0;
      for (int s : tree.childrenView(parent)) {
        taken += borrowedOf(s, type, c[s]);
      }
      taken -= parent == root ? 0 : borrowedOf(parent, type, before[i + 1]);
      long assigned = 0;
      for (int s : tree.childrenView(parent)) {
        assigned += tree.guaranteed(s, type);
        if (s != child && tree.borrowing(s).mayLend()) {
          inside = take(level, tree.nameOf(s), tree.guaranteed(s, type) - c[s], inside, taken);
          taken = Math.max(0, taken - Math.max(0, tree.guaranteed(s, type) - c[s]));
        }
      }
      if (parent != root) {
        inside =
            take(
                level,
                tree.nameOf(parent),
                tree.guaranteed(parent, type) - assigned,
                inside,
                taken);
      }
      if (inside > 0) {
        // cannot happen when the tree's invariants hold; keep the total honest
        level.add(new Loan(parent == root ? "(guaranteed pool)" : tree.nameOf(parent), inside));
      }
    }
    long budget = after[0] - before[0];
    for (int i = levels.size() - 1; i >= 0; i--) {
      List<Loan> level = levels.get(i);
      for (int j = 0; j < level.size(); j++) {
        long devices = Math.min(level.get(j).devices(), budget);
        budget -= devices;
        level.set(j, new Loan(level.get(j).lender(), devices));
      }
    }
    Map<String, Long> byLender = new LinkedHashMap<>();
    for (List<Loan> level : levels) {
      for (Loan loan : level) {
        if (loan.devices() > 0) {
          byLender.merge(loan.lender(), loan.devices(), Long::sum);
        }
      }
    }
    List<Loan> loans = new ArrayList<>();
    byLender.forEach((lender, devices) -> loans.add(new Loan(lender, devices)));
    return loans;
  }

  /** Takes up to {@code need} from a lender's idle devices after {@code taken} already went. */
  private static long take(List<Loan> level, String lender, long idle, long need, long taken) {
    long free = Math.max(0, idle) - Math.min(Math.max(0, idle), Math.max(0, taken));
    long devices = Math.min(free, need);
    if (devices > 0) {
      level.add(new Loan(lender, devices));
    }
    return need - devices;
  }

  private long borrowedOf(int q, String type, long committedDevices) {
    return Math.max(0, committedDevices - tree.guaranteed(q, type));
  }

  private boolean isInSubtree(int x, int q) {
    for (int node = x; node != root; node = tree.parentOf(node)) {
      if (node == q) {
        return true;
      }
    }
    return false;
  }

  private int commonAncestor(int a, int b) {
    while (tree.depthOf(a) > tree.depthOf(b)) {
      a = tree.parentOf(a);
    }
    while (tree.depthOf(b) > tree.depthOf(a)) {
      b = tree.parentOf(b);
    }
    while (a != b) {
      a = tree.parentOf(a);
      b = tree.parentOf(b);
    }
    return a;
  }

  private List<String> leavesUnder(int q) {
    List<String> out = new ArrayList<>();
    for (int x = 0; x < root; x++) {
      if (tree.isLeaf(x) && isInSubtree(x, q)) {
        out.add(tree.nameOf(x));
      }
    }
    return out;
  }

  private static AdmissionDecision deny(String queue, String type, long devices, String reason) {
    return new AdmissionDecision(false, queue, type, devices, List.of(), reason);
  }

  private String who(int leaf, int node) {
    return node == leaf
        ? "queue " + tree.nameOf(node)
        : "queue " + tree.nameOf(node) + " (above " + tree.nameOf(leaf) + ")";
  }

  private String maxReason(int leaf, int node, String type, long devices) {
    long u = used.get(type)[node];
    long max = tree.max(node, type);
    return who(leaf, node)
        + " uses "
        + percent(u, max)
        + "% of its "
        + type
        + " quota ("
        + u
        + " of "
        + max
        + "); admitting "
        + devices
        + " would exceed its max of "
        + max;
  }

  private String noBorrowReason(int leaf, int node, String type, long devices, long after) {
    long g = tree.guaranteed(node, type);
    return who(leaf, node)
        + " may not borrow and holds "
        + committed.get(type)[node]
        + " of its "
        + type
        + " guarantee of "
        + g
        + "; admitting "
        + devices
        + " would exceed it by "
        + (after - g);
  }

  private String poolReason(int leaf, String type, long devices, long missing) {
    long u = used.get(type)[leaf];
    long g = tree.guaranteed(leaf, type);
    String base =
        "queue "
            + tree.nameOf(leaf)
            + " uses "
            + u
            + " of its "
            + type
            + " guarantee of "
            + g
            + "; admitting "
            + devices
            + " needs "
            + missing
            + " more than the idle guarantees lent to it";
    if (u + devices <= g) {
      return base
          + "; it stays within its guarantee, so reclaiming "
          + missing
          + " from borrowing queues would make room";
    }
    return base;
  }

  private String allowReason(int leaf, String type, long devices, List<Loan> loans) {
    long u = used.get(type)[leaf];
    long g = tree.guaranteed(leaf, type);
    long max = tree.max(leaf, type);
    String base =
        "queue "
            + tree.nameOf(leaf)
            + " would use "
            + (u + devices)
            + " "
            + type
            + " (guarantee "
            + g
            + ", max "
            + max
            + ")";
    if (loans.isEmpty()) {
      return base + "; admitting " + devices + " stays within guarantees";
    }
    StringBuilder from = new StringBuilder();
    for (Loan loan : loans) {
      from.append(from.length() == 0 ? "" : ", ")
          .append(loan.lender())
          .append(' ')
          .append(loan.devices());
    }
    long total = loans.stream().mapToLong(Loan::devices).sum();
    return base + "; admitting " + devices + " borrows " + total + " idle from " + from;
  }

  private static long percent(long part, long whole) {
    return whole == 0 ? 100 : part * 100 / whole;
  }
}
