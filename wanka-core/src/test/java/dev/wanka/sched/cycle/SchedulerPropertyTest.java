package dev.wanka.sched.cycle;

import dev.wanka.sched.Allocation;
import dev.wanka.sched.DeviceLedger;
import dev.wanka.sched.DeviceLedger.NodeState;
import dev.wanka.sched.Gang;
import dev.wanka.sched.GangId;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.Candidate;
import dev.wanka.sched.plugin.DevicePlacer;
import dev.wanka.sched.plugin.Preempt;
import dev.wanka.sched.plugin.Preemptions;
import dev.wanka.sched.plugin.QueueOrder;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.plugin.ReasonCode;
import dev.wanka.sched.plugin.Reservation;
import dev.wanka.sched.quota.AdmissionDecision;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueSpec;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.QuotaLedger;
import dev.wanka.sched.state.FreeCapacity;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.DeviceTask;
import dev.wanka.workload.ElasticRange;
import dev.wanka.workload.InferenceService;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import dev.wanka.workload.Tenant;
import dev.wanka.workload.TopologyConstraint;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import dev.wanka.workload.WorkloadId;
import dev.wanka.workload.WorkloadMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Laws of the scheduler core over random small clusters, random workloads and random event
 * sequences, checked after every event and every cycle.
 *
 * <p>Each try draws, from one long seed (a {@link SplittableRandom}): a cluster of 2-3 pools (H100
 * nodes of 8, H100 nodes of 4 in scale-up domains of 2, Trainium2 nodes of 8 in domains of 2 or 4;
 * 4-24 nodes, 2- or 3-tier fabric, leaves of 2 or 4 nodes); a queue tree {@code org/a}, {@code
 * org/b} (and {@code org/c}, and a top-level {@code solo}) with random guarantees, maxima and
 * borrowing policies; and 30-80 events: arrivals (rigid and elastic training gangs with or without
 * devices per node, topology required or preferred and tensor parallelism; inference services of
 * whole devices or shares; device tasks of whole devices or shares; six priority classes including
 * non-preemptible ones and ones with no grace period), completions and cancellations ({@code
 * finish}), victims exiting ({@code stopped}), nodes going DOWN, UP or CORDONED, and cycles that
 * advance time or repeat it. Every sequence ends with two cycles at the same time.
 *
 * <p>The policy is the default one, or (except for P5, which is about the default policy) now and
 * then another queue order, backfill off, or fewer preemptions.
 *
 * <p>The laws, each its own property over its own seeds and running only its own checks, so that
 * one broken law does not hide the others:
 *
 * <ul>
 *   <li>P0: no call throws. In the other properties an exception ends the sequence there (what was
 *       checked up to it stands).
 *   <li>P1: a whole device has at most one running allocation; shares of a device sum to at most
 *       1000 milli and never sit beside a whole owner; the ledger's owners and shares, its holds,
 *       {@link FreeCapacity} (free iff unused, not held and on an UP node) and all of its counts,
 *       and the shared-device index agree with the running allocations; nothing runs on a DOWN
 *       node.
 *   <li>P2: every allocation has one of its gang's sizes, in one pool of a type the gang accepts,
 *       its devices per node, within its required scope ({@link Cluster#lowestCommonTier}, which
 *       {@link Allocation#spans()} must equal), every tensor-parallel group in one scale-up domain.
 *   <li>P3: per queue and type, the ledger's use is the running allocations' in its subtree (a
 *       victim's quota passes to its preemptor when it is told to stop), never above the max;
 *       commitments derived from the rules (not read from the ledger) keep queues that may not
 *       borrow within their guarantee and the root within the guaranteed pool, and match {@link
 *       QuotaLedger#borrowed}.
 *   <li>P4: every gang of a live workload is pending or running, never both, never after its
 *       finish; after a cycle every pending gang has a reason with a message, and no reason is for
 *       a gang that is not pending.
 *   <li>P5: after every cycle no victim outlives its deadline, every victim runs, a PREEMPTING gang
 *       has victims in their grace period, the reservations reported are pending gangs', and no
 *       gang preempts one that preempted it; after two cycles at the same time, the fixpoint check
 *       of {@link Run#checkFixpoint}.
 *   <li>P6: the same events on a fresh cluster and scheduler give the same decisions, cycle by
 *       cycle.
 *   <li>P7: a gang that DevicePlacer.neverFits lets into a pool is placed on the idle pool, on
 *       devices it may run on.
 * </ul>
 *
 * <p>A violation is shrunk (delta debugging over the concrete events, replayed on a fresh
 * scheduler) and reported with the seed, the cluster, the queues, the policy and the minimal
 * events.
 */
class SchedulerPropertyTest {
  private static final int TRIES = 400;

  // ---- laws ------------------------------------------------------------------------------------

  enum Law {
    NO_CRASH("P0 the scheduler never throws on valid input"),
    DEVICES("P1 no device allocated twice; ledger and free capacity agree"),
    GANGS("P2 gangs all-or-nothing, where they may run"),
    QUOTA("P3 quota kept exactly"),
    NOTHING_DROPPED("P4 nothing dropped; every pending gang has a reason"),
    PREEMPTION("P5 priority and preemption"),
    DETERMINISM("P6 same events, same decisions");

    final String title;

    Law(String title) {
      this.title = title;
    }
  }

  @Property(
      tries = TRIES,
      seed = "20250701",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void theSchedulerNeverThrowsOnValidInput(@ForAll long seed) {
    holds(Law.NO_CRASH, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250702",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void noDeviceIsAllocatedTwiceAndTheLedgerAgrees(@ForAll long seed) {
    holds(Law.DEVICES, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250703",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void gangsRunWholeOnDevicesTheyAccept(@ForAll long seed) {
    holds(Law.GANGS, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250704",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void quotaUseMatchesTheRunningGangsAndStaysWithinTheRules(@ForAll long seed) {
    holds(Law.QUOTA, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250705",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void nothingIsDroppedAndEveryPendingGangSaysWhy(@ForAll long seed) {
    holds(Law.NOTHING_DROPPED, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250706",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void atAFixpointNoPendingGangCouldRunByPreemptingLowerPriorityWork(@ForAll long seed) {
    holds(Law.PREEMPTION, seed);
  }

  @Property(
      tries = TRIES,
      seed = "20250707",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void theSameEventsGiveTheSameDecisions(@ForAll long seed) {
    Outcome first = explore(seed, EnumSet.noneOf(Law.class));
    String difference = difference(first.world, first.events);
    if (difference == null) {
      return;
    }
    List<Event> minimal = shrink(first.events, events -> difference(first.world, events) != null);
    String again = difference(first.world, minimal);
    throw new AssertionError(
        report(
            seed,
            first.world,
            first.events.size(),
            minimal,
            new Violation(Law.DETERMINISM, "differs", again != null ? again : difference)));
  }

  /**
   * How two runs of the events, each on a fresh cluster and scheduler, decide differently (every
   * cycle's starts, preemptions, evictions, reservations and reasons, and any exception); or null.
   */
  static String difference(World world, List<Event> events) {
    List<List<String>> cycles = new ArrayList<>();
    List<String> crashes = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Run fresh = new Run(world, EnumSet.noneOf(Law.class));
      String crash = null;
      try {
        for (Event event : events) {
          fresh.step(event);
        }
      } catch (Crash c) {
        crash = c.describe();
      }
      cycles.add(fresh.fingerprints);
      crashes.add(crash);
    }
    List<String> a = cycles.get(0);
    List<String> b = cycles.get(1);
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "cycle " + (i + 1) + " differs:\nfirst:  " + a.get(i) + "\nsecond: " + b.get(i);
      }
    }
    if (a.size() != b.size() || !java.util.Objects.equals(crashes.get(0), crashes.get(1))) {
      return "the runs ended differently: after "
          + a.size()
          + " cycles ("
          + crashes.get(0)
          + ") and after "
          + b.size()
          + " ("
          + crashes.get(1)
          + ")";
    }
    return null;
  }

  /**
   * P7, the placer's side of P5: a candidate that {@link DevicePlacer#neverFits} lets through (its
   * pool could hold it) is placed on the idle pool, on devices the gang may run on (its topology
   * scope, devices per node, tensor-parallel groups in one scale-up domain). Otherwise the gang
   * waits forever with a reason that says it is only waiting.
   */
  @Property(
      tries = TRIES,
      seed = "20250708",
      shrinking = ShrinkingMode.OFF,
      edgeCases = EdgeCasesMode.NONE)
  void aGangItsPoolCanHoldIsPlacedOnTheIdlePool(@ForAll long seed) {
    List<String> problems = idleProblems(seed);
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.get(0));
    }
  }

  /**
   * "[tag] report" for each candidate of 20 random gangs that passes pool-fit but not placement.
   */
  static List<String> idleProblems(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    World world = world(r);
    Cluster cluster = world.cluster();
    List<String> problems = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Gang gang = Gang.of(workload(i, 0, r, world)).get(0);
      if (gang.isShare() || !gang.needsDevices()) {
        continue;
      }
      for (AcceleratorChoice choice : gang.accelerators()) {
        for (int pool = 0; pool < cluster.pools().size(); pool++) {
          if (!cluster.pools().get(pool).accelerator().id().equals(choice.acceleratorId())) {
            continue;
          }
          for (int size : gang.sizes()) {
            Candidate candidate = new Candidate(gang, pool, choice.acceleratorId(), size);
            if (DevicePlacer.neverFits(cluster, candidate).isPresent()) {
              continue;
            }
            String[] problem = idlePlacementProblem(cluster, candidate);
            if (problem != null) {
              problems.add(
                  "P7 a gang its pool can hold is placed on the idle pool ["
                      + problem[0]
                      + "]: "
                      + candidate
                      + " passes the pool-fit filter (DevicePlacer.neverFits), but on the idle"
                      + " pool "
                      + problem[1]
                      + "\n  gang: "
                      + describe(gang.workload())
                      + "\n\nseed "
                      + seed
                      + "\ncluster:\n"
                      + world.yaml);
            }
          }
        }
      }
    }
    return problems;
  }

  /** What is wrong with placing the candidate on its idle pool, as {tag, words}; or null. */
  static String[] idlePlacementProblem(Cluster cluster, Candidate candidate) {
    Gang gang = candidate.gang();
    PoolSpec pool = cluster.pools().get(candidate.pool());
    Optional<dev.wanka.sched.placement.Placement> placement;
    try {
      placement = DevicePlacer.place(new FreeCapacity(cluster), candidate);
    } catch (RuntimeException e) {
      return new String[] {"throws", "placing it throws " + e};
    }
    if (placement.isEmpty()) {
      int perNode = perNode(pool, candidate);
      int nodes = candidate.devices() / perNode;
      int spine = largestSpineGroup(cluster, candidate.pool());
      if (gang.widest() == Tier.SPINE && candidate.devices() > spine * pool.devicesPerNode()) {
        return new String[] {
          "spine-reach",
          "DevicePlacer.place finds nothing: the largest spine group of the pool holds "
              + spine * pool.devicesPerNode()
              + " devices (neverFits counts a spine as the whole pool)"
        };
      }
      int scope = nodesWithin(pool, gang.widest(), spine);
      if (nodes > scope) {
        return new String[] {
          "equal-split-beyond-scope",
          "DevicePlacer.place finds nothing: it splits the gang evenly, "
              + perNode
              + " per node over "
              + nodes
              + " nodes, and one "
              + gang.widest().keyword()
              + " of the pool has "
              + scope
              + " nodes (neverFits counts devices, not nodes)"
        };
      }
      if (gang.widest() == Tier.SCALE_UP_DOMAIN
          && perNode < pool.devicesPerNode()
          && candidate.devices() > perNode) {
        return new String[] {
          "domain-scope-spread",
          "DevicePlacer.place finds nothing: "
              + perNode
              + " per node within one scale-up domain goes to GangPlacer.placeSpread, which"
              + " tries leaf groups, spine groups and the pool but never a domain"
        };
      }
      return new String[] {"nothing", "DevicePlacer.place finds nothing"};
    }
    int[] devices = placement.get().devices();
    if (devices.length != candidate.devices()) {
      return new String[] {"size", "it gets " + devices.length + " devices"};
    }
    if (cluster.lowestCommonTier(devices).compareTo(gang.widest()) > 0) {
      return new String[] {
        "scope", "it spans " + cluster.lowestCommonTier(devices) + ", beyond " + gang.widest()
      };
    }
    int straddled = straddledGroup(cluster, gang, devices);
    if (straddled >= 0) {
      return new String[] {
        gang.perNode().isPresent() ? "tensor-parallel-with-devices-per-node" : "tensor-parallel",
        "the placement "
            + Arrays.toString(devices)
            + " ("
            + perNode(pool, candidate)
            + " per node) has tensor-parallel group "
            + straddled
            + " straddling two scale-up domains, so the tensor-parallel permit refuses it, in"
            + " every cycle"
      };
    }
    return null;
  }

  /** The most nodes of the pool under one spine group. */
  private static int largestSpineGroup(Cluster cluster, int pool) {
    Map<Integer, Integer> bySpine = new TreeMap<>();
    for (int node = 0; node < cluster.nodeCount(); node++) {
      if (cluster.poolIndexOfNode(node) == pool) {
        bySpine.merge(
            cluster.spineGroupOfLeafGroup(cluster.leafGroupOfNode(node)), 1, Integer::sum);
      }
    }
    return bySpine.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The most nodes of the pool within one tier. */
  private static int nodesWithin(PoolSpec pool, Tier tier, int nodesPerSpine) {
    switch (tier) {
      case DEVICE:
      case NODE:
        return 1;
      case SCALE_UP_DOMAIN:
        return pool.domainNodes();
      case LEAF:
        return Math.min(pool.nodes(), pool.nodesPerLeaf());
      case SPINE:
        return nodesPerSpine;
      default:
        return pool.nodes();
    }
  }

  /** Devices per node as DevicePlacer chooses them (its package-private rule, restated). */
  private static int perNode(PoolSpec pool, Candidate candidate) {
    int nodeSize = pool.devicesPerNode();
    int devices = candidate.devices();
    if (candidate.gang().perNode().isPresent()) {
      return candidate.gang().perNode().getAsInt();
    }
    if (devices <= nodeSize || devices % nodeSize == 0) {
      return Math.min(devices, nodeSize);
    }
    for (int k = nodeSize; k > 1; k--) {
      if (devices % k == 0) {
        return k;
      }
    }
    return 1;
  }

  /** Runs one seed checking one law; shrinks and reports a violation. */
  private static void holds(Law law, long seed) {
    Outcome outcome = explore(seed, EnumSet.of(law));
    Run run = outcome.run;
    // the generator must make the laws matter: preemption in a good share of the sequences,
    // and (for P5) pending gangs to check at fixpoints
    Statistics.label("preempted").collect(run.preempted > 0);
    Statistics.label("preempted").coverage(c -> c.check(true).percentage(p -> p >= 10));
    if (law == Law.PREEMPTION) {
      Statistics.label("fixpoint with pending gangs").collect(run.fixpointPending > 0);
      Statistics.label("fixpoint with pending gangs")
          .coverage(c -> c.check(true).percentage(p -> p >= 50));
    }
    if (outcome.violation == null) {
      return;
    }
    Violation found = outcome.violation;
    List<Event> minimal = shrink(outcome.world, outcome.events, law, found.tag);
    Violation again = replay(outcome.world, minimal, law);
    throw new AssertionError(
        report(seed, outcome.world, outcome.events.size(), minimal, again != null ? again : found));
  }

  // ---- priority classes and accelerator types ---------------------------------------------------

  private static final PriorityClass SCAVENGER = PriorityClass.preemptible("scavenger", 0, 0);
  private static final PriorityClass LOW = PriorityClass.preemptible("low", 0, 60);
  private static final PriorityClass STEADY = PriorityClass.nonPreemptible("steady", 10);
  private static final PriorityClass MID = PriorityClass.preemptible("mid", 50, 0);
  private static final PriorityClass HIGH = PriorityClass.preemptible("high", 100, 30);
  private static final PriorityClass PRODUCTION = PriorityClass.nonPreemptible("production", 1000);
  private static final List<PriorityClass> CLASS_LIST =
      List.of(SCAVENGER, LOW, STEADY, MID, HIGH, PRODUCTION);

  /** Early arrivals are mostly low priority, later ones mostly high: preemption is common. */
  private static final int[] EARLY_WEIGHTS = {30, 35, 10, 15, 5, 5};

  private static final int[] LATE_WEIGHTS = {10, 10, 10, 20, 35, 15};
  private static final PriorityClasses CLASSES = new PriorityClasses(CLASS_LIST, "low");

  private static final String H100 = "h100-sxm";
  private static final String TRN2 = "trainium2";

  /** In the catalog, but in no generated cluster: gangs that accept only it never run. */
  private static final String ABSENT = "a100-sxm-80gb";

  private static final int WHOLE = (int) DeviceAmount.MILLI;

  /**
   * Whether P5 counts low-priority shares as victims too (the brief's "all running, preemptible,
   * lower-priority allocations"); the scheduler never preempts shares.
   */
  static final boolean PREEMPT_SHARES = true;

  // ---- the world: a cluster and a queue tree ----------------------------------------------------

  /** A random cluster (as the spec text that builds it) and queue tree. */
  record World(
      String yaml,
      QueueTree queues,
      List<String> leaves,
      String queueText,
      SchedulerPolicy policy,
      String policyText) {
    Cluster cluster() {
      return Fixtures.cluster(yaml);
    }

    SchedulerConfig config() {
      return new SchedulerConfig(CLASSES, queues);
    }
  }

  /**
   * A random policy: any queue order, backfill on or off, both preemptions, one or none. P5 is
   * about the default policy and uses it whatever is drawn here.
   */
  private static SchedulerPolicy policy(SplittableRandom r, StringBuilder text) {
    SchedulerPolicy policy = SchedulerPolicy.defaults();
    if (r.nextInt(5) < 2) {
      return policy; // the default, often
    }
    QueueOrder order = QueueOrders.ALL.get(r.nextInt(QueueOrders.ALL.size()));
    policy = policy.withQueueOrder(order).withBackfill(r.nextInt(4) != 0);
    int roll = r.nextInt(20);
    List<Preempt> preemptions =
        roll < 12
            ? Preemptions.ALL
            : roll < 15
                ? List.of(Preemptions.PRIORITY)
                : roll < 17 ? List.of(Preemptions.QUOTA_RECLAIM) : List.of();
    policy = policy.withPreemptions(preemptions);
    text.append("order ")
        .append(order.name())
        .append(", backfill ")
        .append(policy.backfill() ? "on" : "off")
        .append(", preemptions ")
        .append(preemptions.stream().map(Preempt::name).toList());
    return policy;
  }

  static World world(SplittableRandom r) {
    int tiers = 2 + r.nextInt(2);
    int perLeaf = r.nextBoolean() ? 2 : 4;
    String layout = r.nextBoolean() ? "fat-tree" : "rail-optimized";
    List<String> kinds = new ArrayList<>(List.of("ha", "hb", "tr"));
    shuffle(kinds, r);
    kinds = new ArrayList<>(kinds.subList(0, 2 + r.nextInt(2)));
    int[] nodes = new int[kinds.size()];
    int[] domains = new int[kinds.size()];
    int total = 0;
    for (int i = 0; i < kinds.size(); i++) {
      String kind = kinds.get(i);
      if (kind.equals("ha")) {
        domains[i] = 1;
      } else if (kind.equals("hb")) {
        domains[i] = 2;
      } else {
        domains[i] = perLeaf == 4 && r.nextBoolean() ? 4 : 2;
      }
      nodes[i] = domains[i] * (1 + r.nextInt(8 / domains[i]));
      total += nodes[i];
    }
    while (total < 4) {
      nodes[0] += domains[0];
      total += domains[0];
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("name: prop\n");
    yaml.append("fabric: {tiers: ")
        .append(tiers)
        .append(", layout: ")
        .append(layout)
        .append(", nodesPerLeaf: ")
        .append(perLeaf);
    if (tiers == 3) {
      yaml.append(", leavesPerSpine: ").append(1 + r.nextInt(2));
    }
    yaml.append("}\npools:\n");
    Map<String, Long> capacity = new TreeMap<>();
    for (int i = 0; i < kinds.size(); i++) {
      String kind = kinds.get(i);
      String type = kind.equals("tr") ? TRN2 : H100;
      int perNode = kind.equals("hb") ? 4 : 8;
      yaml.append("  - {name: ")
          .append(kind)
          .append(", accelerator: ")
          .append(type)
          .append(", nodes: ")
          .append(nodes[i])
          .append(", devicesPerNode: ")
          .append(perNode);
      if (domains[i] > 1) {
        yaml.append(", domainNodes: ").append(domains[i]);
      }
      yaml.append("}\n");
      capacity.merge(type, (long) nodes[i] * perNode, Long::sum);
    }

    QueueTree.Builder tree = QueueTree.builder();
    tree.queue("org", "org", policy(r));
    int leafCount = 2 + r.nextInt(2);
    List<String> leaves = new ArrayList<>();
    for (int i = 0; i < leafCount; i++) {
      String name = "org/" + (char) ('a' + i);
      tree.queue(name, "t" + (char) ('a' + i), policy(r));
      leaves.add(name);
    }
    boolean solo = r.nextInt(3) == 0;
    if (solo) {
      tree.queue("solo", "solo", policy(r));
      leaves.add("solo");
    }
    for (Map.Entry<String, Long> entry : capacity.entrySet()) {
      String type = entry.getKey();
      long c = entry.getValue();
      long org = c * (90 + r.nextInt(71)) / 100;
      tree.quota("org", type, org, org + r.nextInt((int) c + 1));
      long left = org;
      for (String leaf : leaves) {
        if (leaf.equals("solo")) {
          long g = r.nextInt((int) (c / 2) + 1);
          tree.quota(leaf, type, g, g + r.nextInt((int) c + 1));
        } else if (r.nextInt(12) != 0) {
          long g = Math.min(left, r.nextInt((int) (2 * org / leafCount) + 1));
          left -= g;
          tree.quota(leaf, type, g, g + c / 4 + r.nextInt((int) c + 1));
        }
      }
    }
    QueueTree queues = tree.build();
    StringBuilder text = new StringBuilder();
    for (QueueSpec q : queues.queues()) {
      text.append("  ")
          .append(q.name())
          .append(" (")
          .append(q.borrowing().mayBorrow() ? "borrows" : "no borrowing")
          .append(", ")
          .append(q.borrowing().mayLend() ? "lends" : "no lending")
          .append(")");
      new TreeMap<>(q.quotas())
          .forEach(
              (type, quota) ->
                  text.append(" ")
                      .append(type)
                      .append(" g=")
                      .append(quota.guaranteedDevices())
                      .append(" max=")
                      .append(quota.maxDevices()));
      text.append('\n');
    }
    StringBuilder policyText = new StringBuilder();
    SchedulerPolicy policy = policy(r, policyText);
    return new World(
        yaml.toString(),
        queues,
        List.copyOf(leaves),
        text.toString(),
        policy,
        policyText.length() == 0 ? "defaults" : policyText.toString());
  }

  private static BorrowingPolicy policy(SplittableRandom r) {
    int roll = r.nextInt(20);
    if (roll < 11) {
      return BorrowingPolicy.BORROW_AND_LEND;
    }
    if (roll < 13) {
      return BorrowingPolicy.LEND_ONLY;
    }
    if (roll < 18) {
      return BorrowingPolicy.BORROW_ONLY;
    }
    return BorrowingPolicy.ISOLATED;
  }

  // ---- workloads --------------------------------------------------------------------------------

  static Workload workload(long id, long now, SplittableRandom r, World world) {
    return workload(id, now, r, world, false);
  }

  static Workload workload(long id, long now, SplittableRandom r, World world, boolean late) {
    String queue = world.leaves.get(r.nextInt(world.leaves.size()));
    String tenant = world.queues.queue(queue).tenant();
    PriorityClass priority = CLASS_LIST.get(weighted(r, late ? LATE_WEIGHTS : EARLY_WEIGHTS));
    WorkloadMeta meta =
        new WorkloadMeta(
            WorkloadId.of(id), "w-" + id, Tenant.of(tenant), QueueName.of(queue), priority, now);
    List<AcceleratorChoice> accelerators = accelerators(r, world.queues.acceleratorTypes());
    int kind = r.nextInt(100);
    if (kind < 45) {
      return training(meta, accelerators, r);
    }
    if (kind < 70) {
      int replicas = 1 + r.nextInt(6);
      DeviceAmount amount =
          r.nextInt(10) < 4
              ? new DeviceAmount(pick(r, 100, 250, 250, 500))
              : DeviceAmount.whole(pick(r, 1, 1, 2, 4, 8));
      Tier scope = r.nextInt(10) < 7 ? Tier.NODE : Tier.SCALE_UP_DOMAIN;
      return new InferenceService(meta, replicas, amount, scope, accelerators);
    }
    return new DeviceTask(
        meta,
        new DeviceAmount(pick(r, 100, 250, 250, 500, 750, 1000, 1000)),
        accelerators,
        r.nextBoolean() ? OptionalLong.of(10 + r.nextInt(300)) : OptionalLong.empty());
  }

  /** Mostly types the cluster has; sometimes also, or only, one it lacks. */
  private static List<AcceleratorChoice> accelerators(SplittableRandom r, List<String> types) {
    int roll = r.nextInt(100);
    if (roll < 3) {
      return List.of(AcceleratorChoice.of(ABSENT));
    }
    String first = types.get(0);
    String second = types.size() > 1 ? types.get(1) : first.equals(H100) ? TRN2 : H100;
    if (types.size() == 1 && roll < 85) {
      return List.of(AcceleratorChoice.of(first));
    }
    if (roll < 38) {
      return List.of(AcceleratorChoice.of(first));
    }
    if (roll < 68) {
      return List.of(AcceleratorChoice.of(second));
    }
    if (roll < 85) {
      return List.of(AcceleratorChoice.of(first), AcceleratorChoice.of(second));
    }
    return List.of(AcceleratorChoice.of(second), AcceleratorChoice.of(first));
  }

  private static TrainingJob training(
      WorkloadMeta meta, List<AcceleratorChoice> accelerators, SplittableRandom r) {
    int devices = pick(r, 1, 2, 3, 4, 4, 6, 8, 8, 8, 12, 16, 16, 24, 32);
    OptionalInt perNode = OptionalInt.empty();
    if (r.nextInt(10) < 3) {
      int p = pick(r, 1, 2, 4, 8);
      if (devices % p == 0) {
        perNode = OptionalInt.of(p);
      }
    }
    OptionalInt tp = OptionalInt.empty();
    if (r.nextInt(4) == 0) {
      int t = pick(r, 2, 4, 8);
      int n = perNode.orElse(t);
      if (devices % t == 0 && (n % t == 0 || t % n == 0)) {
        tp = OptionalInt.of(t);
      }
    }
    int unit = Math.max(perNode.orElse(1), tp.orElse(1));
    ElasticRange elastic = ElasticRange.rigid(devices);
    if (r.nextInt(10) < 3 && devices > unit) {
      int steps = devices / unit;
      int min = unit * (1 + r.nextInt(steps - 1));
      int max =
          r.nextInt(4) == 0 ? unit * (min / unit + r.nextInt(steps - min / unit + 1)) : devices;
      elastic = new ElasticRange(min, Math.max(min, max));
    }
    Optional<TopologyConstraint> topology = Optional.empty();
    if (r.nextInt(10) < 4) {
      Tier scope = pickOf(r, Tier.NODE, Tier.SCALE_UP_DOMAIN, Tier.LEAF, Tier.LEAF, Tier.SPINE);
      topology =
          Optional.of(
              r.nextInt(10) < 6
                  ? TopologyConstraint.required(scope)
                  : TopologyConstraint.preferred(scope));
    }
    OptionalLong estimate =
        r.nextInt(10) < 6 ? OptionalLong.of(10 + r.nextInt(400)) : OptionalLong.empty();
    OptionalLong checkpoint =
        r.nextInt(10) < 3 ? OptionalLong.of(5 + r.nextInt(200)) : OptionalLong.empty();
    try {
      return new TrainingJob(
          meta, devices, perNode, accelerators, topology, elastic, estimate, checkpoint, tp);
    } catch (IllegalArgumentException invalid) {
      // e.g. topology node (required) for more than a node: drop the topology
      return new TrainingJob(
          meta,
          devices,
          perNode,
          accelerators,
          Optional.empty(),
          elastic,
          estimate,
          checkpoint,
          tp);
    }
  }

  static String describe(Workload w) {
    StringBuilder b = new StringBuilder();
    b.append(w.id())
        .append(' ')
        .append(w.priorityClass().name())
        .append(" in ")
        .append(w.queue().path())
        .append(": ");
    if (w instanceof TrainingJob) {
      TrainingJob job = (TrainingJob) w;
      b.append("training ").append(job.devices());
      if (job.isElastic()) {
        b.append(" elastic ").append(job.elastic().min()).append("..").append(job.elastic().max());
      }
      job.devicesPerNode().ifPresent(n -> b.append(" perNode=").append(n));
      job.tensorParallel().ifPresent(n -> b.append(" tp=").append(n));
      job.topology()
          .ifPresent(
              t ->
                  b.append(" topology=")
                      .append(t.scope().keyword())
                      .append(t.isRequired() ? "(required)" : "(preferred)"));
      job.estimatedSeconds().ifPresent(s -> b.append(" est=").append(s));
      job.checkpointSeconds().ifPresent(s -> b.append(" ckpt=").append(s));
    } else if (w instanceof InferenceService) {
      InferenceService service = (InferenceService) w;
      b.append("inference ")
          .append(service.replicas())
          .append(" x ")
          .append(service.perReplica().milliDevices())
          .append("m within ")
          .append(service.replicaScope().keyword());
    } else if (w instanceof DeviceTask) {
      DeviceTask task = (DeviceTask) w;
      b.append("task ").append(task.amount().milliDevices()).append('m');
      task.estimatedSeconds().ifPresent(s -> b.append(" est=").append(s));
    }
    b.append(" on ");
    List<String> types = new ArrayList<>();
    for (AcceleratorChoice choice : Gang.of(w).get(0).accelerators()) {
      types.add(choice.acceleratorId());
    }
    b.append(String.join(",", types));
    return b.toString();
  }

  // ---- events -----------------------------------------------------------------------------------

  /** One thing the driver tells the scheduler or asks of it; concrete, so it can be replayed. */
  interface Event {
    void applyTo(Run run);
  }

  record Submit(Workload workload) implements Event {
    @Override
    public void applyTo(Run run) {
      run.s.submit(workload);
      List<GangId> ids = new ArrayList<>();
      for (Gang gang : Gang.of(workload)) {
        ids.add(gang.id());
      }
      run.live.put(workload.id(), ids);
    }

    @Override
    public String toString() {
      return "submit " + describe(workload);
    }
  }

  /** Completion or cancellation; a no-op in a shrunk replay where the workload is not live. */
  record Finish(WorkloadId id, long now) implements Event {
    @Override
    public void applyTo(Run run) {
      if (run.live.containsKey(id)) {
        run.s.finish(id, now);
        run.live.remove(id);
        run.usageDroppedOutsideTheScheduler();
      }
    }

    @Override
    public String toString() {
      return "finish " + id + " at " + now;
    }
  }

  record Stop(GangId gang, long now) implements Event {
    @Override
    public void applyTo(Run run) {
      run.s.stopped(gang, now);
      run.usageDroppedOutsideTheScheduler();
    }

    @Override
    public String toString() {
      return "stopped " + gang + " at " + now;
    }
  }

  record SetNode(int node, NodeState state, long now) implements Event {
    @Override
    public void applyTo(Run run) {
      run.s.setNodeState(node, state, now);
      if (state == NodeState.DOWN) {
        run.usageDroppedOutsideTheScheduler();
      }
    }

    @Override
    public String toString() {
      return "node " + node + " " + state + " at " + now;
    }
  }

  record RunCycle(long now) implements Event {
    @Override
    public void applyTo(Run run) {
      run.last = run.s.cycle(now);
      run.clock = now;
    }

    @Override
    public String toString() {
      return "cycle(" + now + ")";
    }
  }

  /** The next event, drawn from the scheduler's state: what a driver could say now. */
  static Event next(Run run, SplittableRandom r) {
    Scheduler s = run.s;
    if (run.previous instanceof RunCycle && r.nextInt(100) < 45) {
      return new RunCycle(run.clock); // the same time again: a fixpoint
    }
    int roll = r.nextInt(100);
    if (roll < 35 && run.live.size() < 40) {
      boolean late = run.nextId > 12 && r.nextBoolean();
      return new Submit(workload(run.nextId++, run.clock, r, run.world, late));
    }
    if (roll < 55) {
      int kind = r.nextInt(20);
      long dt = kind < 5 ? 0 : kind < 17 ? 1 + r.nextInt(30) : 31 + r.nextInt(170);
      return new RunCycle(run.clock + dt);
    }
    List<Allocation> running = new ArrayList<>(s.running());
    if (roll < 66 && !running.isEmpty()) {
      List<Allocation> done = new ArrayList<>();
      for (Allocation a : running) {
        if (a.estimatedEndSeconds().isPresent()
            && a.estimatedEndSeconds().getAsLong() <= run.clock) {
          done.add(a);
        }
      }
      if (!done.isEmpty()) {
        return new Finish(done.get(r.nextInt(done.size())).id().workload(), run.clock);
      }
      if (r.nextInt(3) == 0) {
        return new Finish(running.get(r.nextInt(running.size())).id().workload(), run.clock);
      }
    }
    if (roll < 70 && !run.live.isEmpty()) {
      List<WorkloadId> ids = new ArrayList<>(run.live.keySet());
      return new Finish(ids.get(r.nextInt(ids.size())), run.clock);
    }
    if (roll < 80) {
      List<Eviction> evictions = new ArrayList<>(s.evictions());
      if (!evictions.isEmpty() && r.nextInt(4) != 0) {
        return new Stop(evictions.get(r.nextInt(evictions.size())).victim().id(), run.clock);
      }
      if (!running.isEmpty() && r.nextInt(3) == 0) {
        return new Stop(running.get(r.nextInt(running.size())).id(), run.clock);
      }
    }
    if (roll < 92) {
      Cluster cluster = run.cluster;
      List<Integer> notUp = new ArrayList<>();
      for (int node = 0; node < cluster.nodeCount(); node++) {
        if (s.devices().nodeState(node) != NodeState.UP) {
          notUp.add(node);
        }
      }
      int node =
          !notUp.isEmpty() && (3 * notUp.size() > cluster.nodeCount() || r.nextBoolean())
              ? notUp.get(r.nextInt(notUp.size()))
              : r.nextInt(cluster.nodeCount());
      NodeState now = s.devices().nodeState(node);
      NodeState state;
      if (now == NodeState.UP) {
        state = r.nextInt(10) < 6 ? NodeState.DOWN : NodeState.CORDONED;
      } else if (r.nextInt(4) != 0) {
        state = NodeState.UP;
      } else {
        state = now == NodeState.DOWN ? NodeState.CORDONED : NodeState.DOWN;
      }
      return new SetNode(node, state, run.clock);
    }
    return new RunCycle(run.clock + 1 + r.nextInt(60));
  }

  // ---- running a sequence -----------------------------------------------------------------------

  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Law law;
    final String tag;

    Violation(Law law, String tag, String message) {
      super(law.title + " [" + tag + "]: " + message, null, false, false);
      this.law = law;
      this.tag = tag;
    }
  }

  /** The scheduler threw while carrying out an event. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Event event;

    Crash(Event event, RuntimeException cause) {
      super(cause);
      this.event = event;
    }

    /** The exception's type and where it was thrown: the same bug gives the same tag. */
    String tag() {
      StackTraceElement top = getCause().getStackTrace()[0];
      return getCause().getClass().getSimpleName()
          + " at "
          + top.getClassName().substring(top.getClassName().lastIndexOf('.') + 1)
          + "."
          + top.getMethodName()
          + ":"
          + top.getLineNumber();
    }

    String describe() {
      StringBuilder b = new StringBuilder();
      b.append(getCause()).append("\n  while: ").append(event);
      for (StackTraceElement frame : getCause().getStackTrace()) {
        if (frame.getClassName().startsWith("dev.wanka.sched")
            && !frame.getClassName().contains("PropertyTest")) {
          b.append("\n    at ").append(frame);
        }
      }
      return b.toString();
    }
  }

  record Outcome(World world, List<Event> events, Run run, Violation violation, Crash crash) {}

  /** Draws a world and a sequence from the seed, running and checking as it goes. */
  static Outcome explore(long seed, Set<Law> laws) {
    SplittableRandom r = new SplittableRandom(seed);
    World world = world(r);
    Run run = new Run(world, laws);
    List<Event> events = new ArrayList<>();
    int length = 30 + r.nextInt(51);
    try {
      for (int i = 0; i < length; i++) {
        Event event = next(run, r);
        events.add(event);
        run.step(event);
      }
      long end = run.clock + 1 + r.nextInt(60);
      for (int i = 0; i < 2; i++) {
        Event event = new RunCycle(end);
        events.add(event);
        run.step(event);
      }
    } catch (Violation v) {
      return new Outcome(world, events, run, v, null);
    } catch (Crash c) {
      Violation v = laws.contains(Law.NO_CRASH) ? crashed(c) : null;
      return new Outcome(world, events, run, v, c);
    }
    return new Outcome(world, events, run, null, null);
  }

  private static Violation crashed(Crash c) {
    return new Violation(Law.NO_CRASH, c.tag(), c.describe());
  }

  /** Replays concrete events on a fresh scheduler; the first violation of the law, or null. */
  static Violation replay(World world, List<Event> events, Law law) {
    Run run = new Run(world, EnumSet.of(law));
    try {
      for (Event event : events) {
        run.step(event);
      }
    } catch (Violation v) {
      return v;
    } catch (Crash c) {
      return law == Law.NO_CRASH ? crashed(c) : null;
    }
    return null;
  }

  /** Shrinks a violation of a law to the fewest events that still violate it the same way. */
  static List<Event> shrink(World world, List<Event> events, Law law, String tag) {
    return shrink(
        events,
        candidate -> {
          Violation v = replay(world, candidate, law);
          return v != null && v.tag.equals(tag);
        });
  }

  /** Delta debugging (ddmin), then single removals: the fewest events that still fail. */
  static List<Event> shrink(List<Event> events, Predicate<List<Event>> fails) {
    List<Event> current = new ArrayList<>(events);
    if (!fails.test(current)) {
      return current;
    }
    int chunks = 2;
    while (current.size() >= 2) {
      int size = (current.size() + chunks - 1) / chunks;
      boolean reduced = false;
      for (int start = 0; start < current.size(); start += size) {
        List<Event> complement = new ArrayList<>(current.subList(0, start));
        complement.addAll(current.subList(Math.min(current.size(), start + size), current.size()));
        if (!complement.isEmpty() && fails.test(complement)) {
          current = complement;
          chunks = Math.max(chunks - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (chunks >= current.size()) {
          break;
        }
        chunks = Math.min(current.size(), chunks * 2);
      }
    }
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = current.size() - 1; i >= 0; i--) {
        List<Event> without = new ArrayList<>(current);
        without.remove(i);
        if (!without.isEmpty() && fails.test(without)) {
          current = without;
          progress = true;
        }
      }
    }
    return current;
  }

  static String report(
      long seed, World world, int originalLength, List<Event> events, Violation violation) {
    StringBuilder b = new StringBuilder();
    b.append(violation.getMessage()).append("\n\nseed ").append(seed);
    b.append(" (").append(originalLength).append(" events, shrunk to ").append(events.size());
    b.append(")\ncluster:\n").append(world.yaml).append("queues:\n").append(world.queueText);
    b.append("policy: ")
        .append(violation.law == Law.PREEMPTION ? "defaults" : world.policyText)
        .append('\n');
    b.append("events:\n");
    for (int i = 0; i < events.size(); i++) {
      b.append(String.format("  %2d. %s%n", i + 1, events.get(i)));
    }
    return b.toString();
  }

  /** One scheduler under test, the driver's view of it, and the checks of the laws in force. */
  static final class Run {
    final World world;
    final Cluster cluster;
    final Scheduler s;
    final Set<Law> laws;
    final Map<WorkloadId, List<GangId>> live = new TreeMap<>();
    final List<String> fingerprints = new ArrayList<>();
    long clock;
    long nextId = 1;
    CycleResult last;
    Event previous;
    int preempted;
    int fixpointPending;

    /** "victim for preemptor", every preemption so far. */
    final Set<String> preemptions = new HashSet<>();

    /**
     * A gang ended, stopped or lost its node: its queue may be below its guarantee again, so a
     * preemption the other way is a fresh reclaim, not a ping-pong; the memory of who preempted
     * whom starts over.
     */
    void usageDroppedOutsideTheScheduler() {
      preemptions.clear();
    }

    Run(World world, Set<Law> laws) {
      this.world = world;
      this.cluster = world.cluster();
      SchedulerPolicy policy =
          laws.contains(Law.PREEMPTION) ? SchedulerPolicy.defaults() : world.policy();
      this.s = new Scheduler(cluster, world.config(), policy);
      this.laws = laws;
    }

    void step(Event event) {
      if (event instanceof RunCycle && ((RunCycle) event).now() < clock) {
        return; // time only goes forward (cannot happen in a generated sequence)
      }
      try {
        event.applyTo(this);
      } catch (RuntimeException e) {
        throw new Crash(event, e);
      }
      boolean cycle = event instanceof RunCycle;
      if (cycle) {
        fingerprints.add(fingerprint(last));
        preempted += last.preempted().size();
      }
      if (laws.contains(Law.DEVICES)) {
        checkDevices(event);
      }
      if (laws.contains(Law.GANGS)) {
        checkGangs(event);
      }
      if (laws.contains(Law.QUOTA)) {
        checkQuota(event);
      }
      if (laws.contains(Law.NOTHING_DROPPED)) {
        checkNothingDropped(event, cycle);
      }
      if (laws.contains(Law.PREEMPTION) && cycle) {
        checkPreemption((RunCycle) event);
      }
      previous = event;
    }

    /** A law is broken: says which, how (the tag, to shrink by) and after which event. */
    private void violate(Law law, String tag, Event event, String message) {
      throw new Violation(law, tag, message + "\n  after: " + event);
    }

    // ---- P1 ----

    void checkDevices(Event event) {
      DeviceLedger ledger = s.devices();
      FreeCapacity free = ledger.free();
      int n = cluster.deviceCount();
      Allocation[] whole = new Allocation[n];
      int[] shareMilli = new int[n];
      int[] users = new int[n];
      for (Allocation a : s.running()) {
        int[] devices = a.devices();
        if (Arrays.stream(devices).distinct().count() != devices.length) {
          violate(
              Law.DEVICES,
              "repeat",
              event,
              a + " lists a device twice: " + Arrays.toString(devices));
        }
        for (int d : devices) {
          if (ledger.nodeState(cluster.nodeOf(d)) == NodeState.DOWN) {
            violate(Law.DEVICES, "down", event, a + " runs on DOWN node " + cluster.nodeOf(d));
          }
          users[d]++;
          if (a.milliPerDevice() >= WHOLE) {
            if (whole[d] != null) {
              violate(
                  Law.DEVICES,
                  "twice",
                  event,
                  "device " + cluster.deviceName(d) + " runs both " + whole[d] + " and " + a);
            }
            whole[d] = a;
          } else {
            shareMilli[d] += a.milliPerDevice();
          }
        }
      }
      for (int d = 0; d < n; d++) {
        String name = "device " + d;
        if (whole[d] != null && shareMilli[d] > 0) {
          violate(Law.DEVICES, "whole+share", event, name + " has a whole owner and shares");
        }
        if (shareMilli[d] > WHOLE) {
          violate(
              Law.DEVICES, "overshare", event, name + " has " + shareMilli[d] + " milli of shares");
        }
        if (ledger.ownerOf(d) != whole[d]) {
          violate(
              Law.DEVICES,
              "owner",
              event,
              name + ": ledger owner " + ledger.ownerOf(d) + ", running " + whole[d]);
        }
        if (ledger.shareUsedMilli(d) != shareMilli[d]) {
          violate(
              Law.DEVICES,
              "share-milli",
              event,
              name + ": ledger shares " + ledger.shareUsedMilli(d) + ", running " + shareMilli[d]);
        }
        if (users[d] > 0 && ledger.isHeld(d)) {
          violate(Law.DEVICES, "held-used", event, name + " is held for a reservation and in use");
        }
        boolean up = ledger.nodeState(cluster.nodeOf(d)) == NodeState.UP;
        boolean expectFree = users[d] == 0 && !ledger.isHeld(d) && up;
        if (free.isFree(d) != expectFree) {
          violate(
              Law.DEVICES,
              "free",
              event,
              name
                  + " is "
                  + (free.isFree(d) ? "" : "not ")
                  + "free in FreeCapacity; users "
                  + users[d]
                  + ", held "
                  + ledger.isHeld(d)
                  + ", node "
                  + ledger.nodeState(cluster.nodeOf(d)));
        }
      }
      // the indexes count what isFree says
      int[] onNode = new int[cluster.nodeCount()];
      for (int d = 0; d < n; d++) {
        if (free.isFree(d)) {
          onNode[cluster.nodeOf(d)]++;
        }
      }
      int pools = cluster.pools().size();
      int[] inDomain = new int[cluster.domainCount()];
      int[] idleInDomain = new int[cluster.domainCount()];
      int[] inLeaf = new int[cluster.leafGroupCount()];
      int[] idleInLeaf = new int[cluster.leafGroupCount()];
      int[] inPool = new int[pools];
      int[][] inSpine = new int[pools][cluster.spineGroupCount()];
      int[][] idleInSpine = new int[pools][cluster.spineGroupCount()];
      for (int node = 0; node < cluster.nodeCount(); node++) {
        int count = onNode[node];
        boolean idle = count == cluster.devicesOnNode(node);
        if (free.freeOnNode(node) != count || free.isIdle(node) != idle) {
          violate(
              Law.DEVICES,
              "index-node",
              event,
              "node " + node + ": freeOnNode " + free.freeOnNode(node) + ", counted " + count);
        }
        int leaf = cluster.leafGroupOfNode(node);
        int pool = cluster.poolIndexOfNode(node);
        int spine = cluster.spineGroupOfLeafGroup(leaf);
        inDomain[cluster.domainOfNode(node)] += count;
        inLeaf[leaf] += count;
        inPool[pool] += count;
        inSpine[pool][spine] += count;
        if (idle) {
          idleInDomain[cluster.domainOfNode(node)]++;
          idleInLeaf[leaf]++;
          idleInSpine[pool][spine]++;
        }
      }
      for (int domain = 0; domain < cluster.domainCount(); domain++) {
        if (free.freeInDomain(domain) != inDomain[domain]
            || free.idleNodesInDomain(domain) != idleInDomain[domain]) {
          violate(Law.DEVICES, "index-domain", event, "domain " + domain + " counts disagree");
        }
      }
      for (int leaf = 0; leaf < cluster.leafGroupCount(); leaf++) {
        if (free.freeInLeafGroup(leaf) != inLeaf[leaf]
            || free.idleNodesInLeafGroup(leaf) != idleInLeaf[leaf]) {
          violate(Law.DEVICES, "index-leaf", event, "leaf group " + leaf + " counts disagree");
        }
      }
      for (int pool = 0; pool < pools; pool++) {
        if (free.freeInPool(pool) != inPool[pool]) {
          violate(Law.DEVICES, "index-pool", event, "pool " + pool + " counts disagree");
        }
        for (int spine = 0; spine < cluster.spineGroupCount(); spine++) {
          if (free.freeInSpineGroup(pool, spine) != inSpine[pool][spine]
              || free.idleNodesInSpineGroup(pool, spine) != idleInSpine[pool][spine]) {
            violate(
                Law.DEVICES,
                "index-spine",
                event,
                "pool " + pool + " spine " + spine + " disagree");
          }
        }
        // the shared-device index: the tightest shared device with room, on a schedulable node
        for (int milli : new int[] {1, 100, 250, 500, 750, 999}) {
          int expected = -1;
          int bestRoom = Integer.MAX_VALUE;
          for (int d = 0; d < n; d++) {
            int room = WHOLE - shareMilli[d];
            if (cluster.poolIndexOf(d) == pool
                && shareMilli[d] > 0
                && room >= milli
                && ledger.nodeState(cluster.nodeOf(d)) == NodeState.UP
                && room < bestRoom) {
              bestRoom = room;
              expected = d;
            }
          }
          int actual = ledger.tightestSharedDevice(pool, milli);
          if (actual != expected) {
            violate(
                Law.DEVICES,
                "index-shares",
                event,
                "tightest shared device of pool "
                    + pool
                    + " for "
                    + milli
                    + " milli: ledger says "
                    + actual
                    + ", expected "
                    + expected);
          }
        }
      }
    }

    // ---- P2 ----

    void checkGangs(Event event) {
      for (Allocation a : s.running()) {
        Gang g = a.gang();
        int[] devices = a.devices();
        if (!g.sizes().contains(devices.length)) {
          violate(
              Law.GANGS,
              "size",
              event,
              a + " has " + devices.length + " devices; sizes " + g.sizes());
        }
        PoolSpec pool = cluster.pools().get(a.pool());
        if (!pool.accelerator().id().equals(a.acceleratorId())
            || g.accelerators().stream()
                .noneMatch(c -> c.acceleratorId().equals(a.acceleratorId()))) {
          violate(
              Law.GANGS, "type", event, a + " runs on pool " + pool.name() + " it does not accept");
        }
        for (int d : devices) {
          if (cluster.poolIndexOf(d) != a.pool()) {
            violate(Law.GANGS, "pool", event, a + " has device " + d + " outside its pool");
          }
        }
        if (a.milliPerDevice() != g.milliPerDevice() || (g.isShare() && devices.length != 1)) {
          violate(Law.GANGS, "milli", event, a + " takes " + a.milliPerDevice() + " milli");
        }
        if (g.perNode().isPresent()) {
          Map<Integer, Integer> perNode = new TreeMap<>();
          for (int d : devices) {
            perNode.merge(cluster.nodeOf(d), 1, Integer::sum);
          }
          for (int count : perNode.values()) {
            if (count != g.perNode().getAsInt()) {
              violate(
                  Law.GANGS,
                  "per-node",
                  event,
                  a + " asks " + g.perNode().getAsInt() + " per node, got " + perNode);
            }
          }
        }
        Tier spans = cluster.lowestCommonTier(devices);
        if (spans.compareTo(g.widest()) > 0 || a.spans().compareTo(g.widest()) > 0) {
          violate(
              Law.GANGS,
              "topology",
              event,
              a + " spans " + spans + " (says " + a.spans() + "); must lie within " + g.widest());
        }
        if (a.spans() != spans) {
          violate(
              Law.GANGS,
              "spans",
              event,
              a + " says it spans " + a.spans() + ", devices span " + spans);
        }
        int straddled = straddledGroup(cluster, g, devices);
        if (straddled >= 0) {
          violate(
              Law.GANGS,
              "tensor-parallel",
              event,
              a + ": tensor-parallel group " + straddled + " straddles scale-up domains");
        }
      }
    }

    // ---- P3 ----

    void checkQuota(Event event) {
      QuotaLedger quota = s.quota();
      QueueTree tree = quota.tree();
      int root = tree.size();
      Set<String> types = new TreeSet<>(tree.acceleratorTypes());
      for (PoolSpec pool : cluster.pools()) {
        types.add(pool.accelerator().id());
      }
      for (String type : types) {
        // charged: running gangs, except victims in their grace period, whose quota went to
        // their preemptors; and those preemptors, waiting for their victims
        Map<String, Long> charged = new TreeMap<>();
        Set<GangId> inGrace = new HashSet<>();
        for (Eviction eviction : s.evictions()) {
          inGrace.add(eviction.victim().id());
        }
        for (Allocation a : s.running()) {
          if (a.acceleratorId().equals(type) && !inGrace.contains(a.id())) {
            charged.merge(a.gang().queue(), a.quotaDevices(), Long::sum);
          }
        }
        for (Reservation nomination : s.nominations()) {
          Candidate claim = nomination.candidate();
          if (claim.acceleratorId().equals(type)) {
            charged.merge(claim.gang().queue(), (long) claim.devices(), Long::sum);
          }
        }
        long[] used = new long[root];
        for (Map.Entry<String, Long> entry : charged.entrySet()) {
          String queue = entry.getKey();
          for (int q = 0; q < root; q++) {
            String name = tree.nameOf(q);
            if (queue.equals(name) || queue.startsWith(name + "/")) {
              used[q] += entry.getValue();
            }
          }
        }
        // committed, derived from the rules (QuotaLedger's class comment), not read from it
        long[] committed = new long[root + 1];
        for (int q = root - 1; q >= 0; q--) {
          if (tree.isLeaf(q)) {
            committed[q] = used[q];
          }
          long g = tree.guaranteed(q, type);
          long claim = tree.borrowing(q).mayLend() ? committed[q] : Math.max(committed[q], g);
          committed[tree.parentOf(q)] += claim;
        }
        for (int q = 0; q < root; q++) {
          String name = tree.nameOf(q);
          long g = tree.guaranteed(q, type);
          if (quota.used(name, type) != used[q]) {
            violate(
                Law.QUOTA,
                "used",
                event,
                name
                    + " uses "
                    + quota.used(name, type)
                    + " "
                    + type
                    + " by the ledger, "
                    + used[q]
                    + " running (victims in grace left out) or claimed by waiting preemptors");
          }
          if (used[q] > tree.max(q, type)) {
            violate(
                Law.QUOTA,
                "max",
                event,
                name + " uses " + used[q] + " " + type + " over its max " + tree.max(q, type));
          }
          if (!tree.borrowing(q).mayBorrow() && committed[q] > g) {
            violate(
                Law.QUOTA,
                "no-borrow",
                event,
                name
                    + " may not borrow but commits "
                    + committed[q]
                    + " "
                    + type
                    + " over its guarantee "
                    + g);
          }
          if (quota.borrowed(name, type) != Math.max(0, committed[q] - g)) {
            violate(
                Law.QUOTA,
                "borrowed",
                event,
                name
                    + " borrows "
                    + quota.borrowed(name, type)
                    + " "
                    + type
                    + " by the ledger, "
                    + Math.max(0, committed[q] - g)
                    + " by the rules");
          }
        }
        if (committed[root] > tree.guaranteed(root, type)) {
          violate(
              Law.QUOTA,
              "root",
              event,
              "commitments of "
                  + committed[root]
                  + " "
                  + type
                  + " exceed the guaranteed pool "
                  + tree.guaranteed(root, type));
        }
      }
    }

    // ---- P4 ----

    void checkNothingDropped(Event event, boolean cycle) {
      Map<GangId, Gang> pending = new TreeMap<>();
      for (Gang gang : s.pending()) {
        pending.put(gang.id(), gang);
      }
      Set<GangId> running = new HashSet<>();
      for (Allocation a : s.running()) {
        running.add(a.id());
      }
      Set<GangId> expected = new TreeSet<>();
      for (List<GangId> ids : live.values()) {
        expected.addAll(ids);
      }
      for (GangId id : expected) {
        boolean p = pending.containsKey(id);
        boolean r = running.contains(id);
        if (p == r) {
          violate(
              Law.NOTHING_DROPPED,
              p ? "both" : "dropped",
              event,
              id + (p ? " is both pending and running" : " is neither pending nor running"));
        }
      }
      for (GangId id : pending.keySet()) {
        if (!expected.contains(id)) {
          violate(Law.NOTHING_DROPPED, "ghost", event, id + " is pending but finished");
        }
      }
      for (GangId id : running) {
        if (!expected.contains(id)) {
          violate(Law.NOTHING_DROPPED, "ghost", event, id + " is running but finished");
        }
      }
      if (cycle) {
        Set<GangId> evictedNow = new HashSet<>();
        for (Allocation a : last.evicted()) {
          evictedNow.add(a.id());
        }
        for (GangId id : pending.keySet()) {
          PendingReason reason = last.reasonFor(id);
          if (reason == null || reason.message() == null || reason.message().isBlank()) {
            violate(
                Law.NOTHING_DROPPED,
                reason == null
                    ? evictedNow.contains(id) ? "no-reason-evicted-this-cycle" : "no-reason"
                    : "empty-reason",
                event,
                id
                    + " is pending after the cycle "
                    + (reason == null
                        ? "with no reason"
                        : "with reason code " + reason.code() + " and an empty message"));
          }
        }
        for (GangId id : last.pending().keySet()) {
          if (!pending.containsKey(id)) {
            violate(
                Law.NOTHING_DROPPED,
                "stale-reason",
                event,
                id + " has a pending reason but is not pending");
          }
        }
      }
    }

    // ---- P5 ----

    void checkPreemption(RunCycle event) {
      long now = event.now();
      for (Eviction eviction : s.evictions()) {
        if (eviction.deadlineSeconds() <= now) {
          violate(
              Law.PREEMPTION,
              "grace",
              event,
              eviction.victim()
                  + " still runs after a cycle at "
                  + now
                  + ", past its deadline "
                  + eviction.deadlineSeconds());
        }
        Optional<Allocation> running = s.allocationOf(eviction.victim().id());
        if (running.isEmpty() || !running.get().equals(eviction.victim())) {
          violate(
              Law.PREEMPTION,
              "ghost-victim",
              event,
              eviction.victim() + " is a victim but not running");
        }
      }
      Set<GangId> evicting = new HashSet<>();
      Set<GangId> waiting = new HashSet<>();
      for (Eviction eviction : s.evictions()) {
        evicting.add(eviction.victim().id());
        waiting.add(eviction.preemptor());
      }
      for (Map.Entry<GangId, PendingReason> entry : last.pending().entrySet()) {
        if (entry.getValue().code() == ReasonCode.PREEMPTING && !waiting.contains(entry.getKey())) {
          violate(
              Law.PREEMPTION,
              "preempting-nothing",
              event,
              entry.getKey()
                  + " is PREEMPTING ("
                  + entry.getValue().message()
                  + ") but no victim of it is in its grace period");
        }
      }
      Set<GangId> pendingIds = new HashSet<>();
      for (Gang gang : s.pending()) {
        pendingIds.add(gang.id());
      }
      for (Reservation reservation : last.reservations()) {
        if (!pendingIds.contains(reservation.gang())) {
          violate(
              Law.PREEMPTION,
              "stale-reservation",
              event,
              "the cycle reports reservation "
                  + reservation
                  + (reservation.preemptor() ? " (preemptor)" : "")
                  + ", but "
                  + reservation.gang()
                  + " is not pending");
        }
      }
      for (Eviction eviction : last.preempted()) {
        String pair = eviction.victim().id() + " for " + eviction.preemptor();
        String reverse = eviction.preemptor() + " for " + eviction.victim().id();
        if (preemptions.contains(reverse)) {
          violate(
              Law.PREEMPTION,
              "ping-pong",
              event,
              eviction.preemptor()
                  + " preempts "
                  + eviction.victim().id()
                  + " ("
                  + eviction.reason()
                  + "), which earlier preempted it");
        }
        preemptions.add(pair);
      }
      if (previous instanceof RunCycle && ((RunCycle) previous).now() == now) {
        checkFixpoint(event, evicting, waiting);
      }
    }

    /**
     * After two cycles at the same time: no gang pending with a reason (other than one waiting for
     * its own victims; shares, which are placed differently, are left out) would fit, for any
     * candidate (accepted type x pool x size), if every running, preemptible, lower-priority
     * allocation in that pool that is not already evicting stopped — those of the gang's own queue,
     * and those of another queue when all of them fit within what that queue borrows (priority
     * never pushes another queue below its guarantee): their devices on UP nodes freed on a copy of
     * the free capacity, their quota on a copy of the quota ledger. Where the brief is read
     * narrowly, on purpose: victims are taken per pool as the scheduler plans them; devices of
     * other gangs' reservations stay unusable (the backfill permit protects them) and the gang's
     * own EASY hold is given back to it; a placement the tensor-parallel permit refuses does not
     * count (P7 covers it). Shares count as victims ({@link #PREEMPT_SHARES}), reported under their
     * own tag.
     */
    void checkFixpoint(RunCycle event, Set<GangId> evicting, Set<GangId> waiting) {
      Map<GangId, Gang> pending = new TreeMap<>();
      for (Gang gang : s.pending()) {
        pending.put(gang.id(), gang);
      }
      for (Map.Entry<GangId, PendingReason> entry : last.pending().entrySet()) {
        GangId id = entry.getKey();
        Gang gang = pending.get(id);
        if (gang == null || waiting.contains(id) || gang.isShare() || !gang.needsDevices()) {
          continue;
        }
        fixpointPending++;
        for (AcceleratorChoice choice : gang.accelerators()) {
          for (int pool = 0; pool < cluster.pools().size(); pool++) {
            if (!cluster.pools().get(pool).accelerator().id().equals(choice.acceleratorId())) {
              continue;
            }
            for (int size : gang.sizes()) {
              Candidate candidate = new Candidate(gang, pool, choice.acceleratorId(), size);
              if (DevicePlacer.neverFits(cluster, candidate).isPresent()) {
                continue;
              }
              List<Allocation> lower = new ArrayList<>();
              Map<String, Long> lowerByQueue = new TreeMap<>();
              for (Allocation a : s.running()) {
                if (a.pool() == pool
                    && a.gang().isPreemptible()
                    && a.gang().priority() < gang.priority()
                    && !evicting.contains(a.id())) {
                  lower.add(a);
                  lowerByQueue.merge(a.gang().queue(), a.quotaDevices(), Long::sum);
                }
              }
              // priority never pushes another queue below its guarantee: other queues' gangs
              // count only where all of that queue's candidates fit in what it borrows
              List<Allocation> victims = new ArrayList<>();
              List<Allocation> wholeVictims = new ArrayList<>();
              for (Allocation a : lower) {
                String queue = a.gang().queue();
                if (queue.equals(gang.queue())
                    || lowerByQueue.get(queue) <= s.quota().borrowed(queue, a.acceleratorId())) {
                  victims.add(a);
                  if (a.milliPerDevice() >= WHOLE) {
                    wholeVictims.add(a);
                  }
                }
              }
              Optional<int[]> fit = fitsWithout(candidate, wholeVictims);
              if (fit.isPresent()) {
                // the devices it would get are free already: only quota stops it
                boolean quotaOnly = fitsWithout(candidate, wholeVictims, false).isPresent();
                violate(
                    Law.PREEMPTION,
                    quotaOnly ? "could-run-blocked-by-quota" : "could-run",
                    event,
                    couldRun(entry, candidate, fit.get(), wholeVictims)
                        + (quotaOnly
                            ? "; the devices are free already, only the victims' quota is needed"
                            : ""));
              }
              if (PREEMPT_SHARES && wholeVictims.size() < victims.size()) {
                fit = fitsWithout(candidate, victims);
                if (fit.isPresent()) {
                  violate(
                      Law.PREEMPTION,
                      "could-run-by-preempting-shares",
                      event,
                      couldRun(entry, candidate, fit.get(), victims));
                }
              }
            }
          }
        }
      }
    }

    private String couldRun(
        Map.Entry<GangId, PendingReason> entry,
        Candidate candidate,
        int[] devices,
        List<Allocation> victims) {
      return entry.getKey()
          + " (priority "
          + candidate.gang().priority()
          + ") is pending with "
          + entry.getValue().code()
          + " \""
          + entry.getValue().message()
          + "\", but "
          + candidate
          + " fits on devices "
          + Arrays.toString(devices)
          + " once these lower-priority preemptible gangs stop: "
          + victims;
    }

    /**
     * The devices the candidate would get, quota permitting, if the victims stopped; empty when it
     * would not fit or the tensor-parallel permit would refuse the placement.
     */
    private Optional<int[]> fitsWithout(Candidate candidate, List<Allocation> victims) {
      return fitsWithout(candidate, victims, true);
    }

    /** As above; with {@code devices} false the victims give back only their quota. */
    private Optional<int[]> fitsWithout(
        Candidate candidate, List<Allocation> victims, boolean devices) {
      DeviceLedger ledger = s.devices();
      GangId id = candidate.gang().id();
      FreeCapacity free = ledger.free().copy();
      for (Reservation reservation : last.reservations()) {
        if (reservation.gang().equals(id) && !reservation.preemptor()) {
          for (int d : reservation.devices()) {
            if (ledger.isHeld(d)) {
              free.release(d);
            }
          }
        }
      }
      QuotaLedger quota = s.quota().copy();
      Map<Integer, Integer> sharesFreed = new TreeMap<>();
      for (Allocation a : victims) {
        quota.release(a.gang().queue(), a.acceleratorId(), a.quotaDevices());
        for (int d : a.devices()) {
          if (!devices || ledger.nodeState(cluster.nodeOf(d)) != NodeState.UP) {
            continue;
          }
          if (a.milliPerDevice() >= WHOLE) {
            if (!free.isFree(d)) {
              free.release(d);
            }
          } else {
            sharesFreed.merge(d, a.milliPerDevice(), Integer::sum);
          }
        }
      }
      for (Map.Entry<Integer, Integer> shares : sharesFreed.entrySet()) {
        int d = shares.getKey();
        if (shares.getValue() == ledger.shareUsedMilli(d) && !free.isFree(d)) {
          free.release(d);
        }
      }
      for (Reservation reservation : last.reservations()) {
        if (!reservation.gang().equals(id)) {
          for (int d : reservation.devices()) {
            if (free.isFree(d)) {
              free.take(d);
            }
          }
        }
      }
      AdmissionDecision admission =
          quota.canAdmit(candidate.gang().queue(), candidate.acceleratorId(), candidate.devices());
      if (!admission.allowed() || admission.borrows() && !candidate.gang().isPreemptible()) {
        // a non-preemptible gang may not borrow: it could not give the devices back
        return Optional.empty();
      }
      var placement = DevicePlacer.place(free, candidate);
      if (placement.isEmpty()
          || straddledGroup(cluster, candidate.gang(), placement.get().devices()) >= 0) {
        // a placement the tensor-parallel permit refuses: the placer offers no other, and
        // that the gang could fit elsewhere is the idle-pool law's business (P7)
        return Optional.empty();
      }
      return Optional.of(placement.get().devices());
    }
  }

  /** What a cycle decided, as text: equal for equal decisions. */
  static String fingerprint(CycleResult result) {
    StringBuilder b = new StringBuilder("t=").append(result.nowSeconds());
    b.append(" started[");
    for (Allocation a : result.started()) {
      b.append(a.id())
          .append('@')
          .append(a.pool())
          .append(Arrays.toString(a.devices()))
          .append(a.borrowed() ? "b" : "")
          .append(' ');
    }
    b.append("] preempted[");
    for (Eviction e : result.preempted()) {
      b.append(e.victim().id())
          .append("->")
          .append(e.preemptor())
          .append(" by ")
          .append(e.deadlineSeconds())
          .append(' ')
          .append(e.reason())
          .append("; ");
    }
    b.append("] evicted[");
    for (Allocation a : result.evicted()) {
      b.append(a.id()).append(' ');
    }
    b.append("] reservations[");
    for (Reservation r : result.reservations()) {
      b.append(r.gang())
          .append('@')
          .append(r.pool())
          .append(Arrays.toString(r.devices()))
          .append(" from ")
          .append(r.startSeconds())
          .append(r.preemptor() ? " (preemptor)" : "")
          .append(' ');
    }
    b.append("] pending[");
    for (Map.Entry<GangId, PendingReason> e : result.pending().entrySet()) {
      b.append(e.getKey())
          .append(' ')
          .append(e.getValue().code())
          .append(": ")
          .append(e.getValue().message())
          .append("; ");
    }
    return b.append(']').toString();
  }

  // ---- small helpers ----------------------------------------------------------------------------

  /** The first tensor-parallel group (consecutive ranks) that straddles two domains, or -1. */
  static int straddledGroup(Cluster cluster, Gang gang, int[] devices) {
    if (gang.tensorParallel().isEmpty()) {
      return -1;
    }
    int tp = gang.tensorParallel().getAsInt();
    for (int start = 0; start < devices.length; start += tp) {
      for (int i = start + 1; i < Math.min(devices.length, start + tp); i++) {
        if (cluster.domainOf(devices[i]) != cluster.domainOf(devices[start])) {
          return start / tp;
        }
      }
    }
    return -1;
  }

  private static int weighted(SplittableRandom r, int[] weights) {
    int total = Arrays.stream(weights).sum();
    int roll = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int pick(SplittableRandom r, int... values) {
    return values[r.nextInt(values.length)];
  }

  @SafeVarargs
  private static <T> T pickOf(SplittableRandom r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static <T> void shuffle(List<T> list, SplittableRandom r) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
