package dev.wanka.sched.cycle;

import dev.wanka.sched.Gang;
import dev.wanka.sched.SchedulerConfig;
import dev.wanka.sched.plugin.Preempt;
import dev.wanka.sched.plugin.Preemptions;
import dev.wanka.sched.plugin.QueueOrder;
import dev.wanka.sched.plugin.QueueOrders;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueSpec;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.topology.Cluster;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The random world of {@link SchedulerPropertyTest}: priority classes and accelerator types, a
 * cluster, a queue tree and a policy, and the workloads submitted to them.
 */
final class RandomWorld {
  private RandomWorld() {}

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

  // ---- small helpers ----------------------------------------------------------------------------

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
