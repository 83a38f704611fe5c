package dev.wanka.sched.quota;

import dev.wanka.spec.Suggestions;
import dev.wanka.spec.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Hierarchical queues with guaranteed and maximum quota per accelerator type (Kueue cohorts,
 * YuniKorn's queue hierarchy). A queue's parent is its name without the last segment: {@code
 * team-a/research} sits under {@code team-a}. Top-level queues share an implicit root whose
 * guarantee is the sum of theirs: the pool of guaranteed quota that borrowing may draw on.
 *
 * <p>Rules checked when built: names and tenants are slugs, every parent is declared, {@code 0 <=
 * guaranteed <= max}, and for each type the children's guarantees sum to no more than their
 * parent's guarantee. Work is admitted to leaf queues only.
 *
 * <p>Queues are numbered in name order (parents before children); the implicit root is number
 * {@link #size()}. The tree is immutable.
 */
public final class QueueTree {
  private static final Pattern TYPE_ID = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  private final List<QueueSpec> queues;
  private final Map<String, Integer> index;
  private final int[] parent;
  private final int[][] children;
  private final int[] depth;
  private final List<String> types;
  private final Map<String, Long> rootGuarantee;

  private QueueTree(List<QueueSpec> sorted) {
    this.queues = List.copyOf(sorted);
    int n = sorted.size();
    this.index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(sorted.get(i).name(), i);
    }
    this.parent = new int[n];
    this.depth = new int[n];
    List<List<Integer>> kids = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      kids.add(new ArrayList<>());
    }
    TreeSet<String> typeSet = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      QueueSpec q = sorted.get(i);
      parent[i] = q.parentName().map(index::get).orElse(n);
      depth[i] = q.depth();
      kids.get(parent[i]).add(i);
      typeSet.addAll(q.quotas().keySet());
    }
    this.children = new int[n + 1][];
    for (int i = 0; i <= n; i++) {
      children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    this.types = List.copyOf(typeSet);
    Map<String, Long> roots = new TreeMap<>();
    for (String type : types) {
      long sum = 0;
      for (int top : children[n]) {
        sum += sorted.get(top).quota(type).guaranteedDevices();
      }
      roots.put(type, sum);
    }
    this.rootGuarantee = Collections.unmodifiableMap(roots);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of queues, not counting the implicit root. */
  public int size() {
    return queues.size();
  }

  /** The queues in name order, parents before their children. */
  public List<QueueSpec> queues() {
    return queues;
  }

  /** Accelerator catalog ids that some queue has quota for, sorted. */
  public List<String> acceleratorTypes() {
    return types;
  }

  public boolean contains(String queue) {
    return index.containsKey(queue);
  }

  /** The queue with this name; an unknown name is refused with the closest known one. */
  public QueueSpec queue(String name) {
    return queues.get(indexOf(name));
  }

  /** Number of the queue with this name (see the class comment). */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "unknown queue '"
              + name
              + "'"
              + Suggestions.didYouMean(name, index.keySet())
              + " (known: "
              + String.join(", ", index.keySet().stream().sorted().toList())
              + ")");
    }
    return i;
  }

  /** Parent's number; {@link #size()} (the root) for a top-level queue. */
  public int parentOf(int queue) {
    return parent[queue];
  }

  /** Children's numbers in name order; {@code size()} gives the top-level queues. */
  public int[] childrenOf(int queue) {
    return children[queue].clone();
  }

  int[] childrenView(int queue) {
    return children[queue];
  }

  public boolean isLeaf(int queue) {
    return queue < queues.size() && children[queue].length == 0;
  }

  public int depthOf(int queue) {
    return queue == queues.size() ? -1 : depth[queue];
  }

  /** Name of a queue, {@code "(root)"} for the implicit root. */
  public String nameOf(int queue) {
    return queue == queues.size() ? "(root)" : queues.get(queue).name();
  }

  /** Guaranteed devices of a queue (the root's is the sum of the top-level guarantees). */
  public long guaranteed(int queue, String type) {
    return queue == queues.size()
        ? rootGuarantee.getOrDefault(type, 0L)
        : queues.get(queue).quota(type).guaranteedDevices();
  }

  /** Maximum devices of a queue (the root's equals its guarantee). */
  public long max(int queue, String type) {
    return queue == queues.size()
        ? rootGuarantee.getOrDefault(type, 0L)
        : queues.get(queue).quota(type).maxDevices();
  }

  /** Borrowing policy; the root neither borrows nor lends. */
  public BorrowingPolicy borrowing(int queue) {
    return queue == queues.size() ? BorrowingPolicy.ISOLATED : queues.get(queue).borrowing();
  }

  /** Collects queues and quotas; {@link #build()} checks them all and reports every problem. */
  public static final class Builder {
    private final Map<String, String[]> declared = new LinkedHashMap<>();
    private final Map<String, BorrowingPolicy> policies = new HashMap<>();
    private final Map<String, Map<String, long[]>> quotas = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Builder() {}

    /** Declares a queue owned by a tenant. */
    public Builder queue(String name, String tenant, BorrowingPolicy borrowing) {
      if (declared.containsKey(name)) {
        problems.add("queue '" + name + "' is declared twice");
        return this;
      }
      declared.put(name, new String[] {name, tenant});
      policies.put(name, borrowing);
      return this;
    }

    /** Sets a declared queue's quota for one accelerator type. */
    public Builder quota(String queue, String acceleratorType, long guaranteed, long max) {
      Map<String, long[]> byType = quotas.computeIfAbsent(queue, q -> new TreeMap<>());
      if (byType.containsKey(acceleratorType)) {
        problems.add(
            "queue '" + queue + "' has two quotas for accelerator '" + acceleratorType + "'");
        return this;
      }
      byType.put(acceleratorType, new long[] {guaranteed, max});
      return this;
    }

    /** Declares a queue with its quotas in one call. */
    public Builder queue(
        String name, String tenant, BorrowingPolicy borrowing, Map<String, Quota> quotaByType) {
      queue(name, tenant, borrowing);
      new TreeMap<>(quotaByType)
          .forEach((t, q) -> quota(name, t, q.guaranteedDevices(), q.maxDevices()));
      return this;
    }

    public QueueTree build() {
      List<String> all = new ArrayList<>(problems);
      if (declared.isEmpty()) {
        all.add("no queues declared");
      }
      for (String[] q : declared.values()) {
        String name = q[0];
        String tenant = q[1];
        if (name == null
            || name.isEmpty()
            || !Arrays.stream(name.split("/", -1)).allMatch(Values::isSlug)) {
          all.add(
              "queue name '"
                  + name
                  + "' is not a slash-separated list of slugs (lower-case letters, digits and"
                  + " inner '-', e.g. 'team-a/research')");
          continue;
        }
        if (tenant == null || !Values.isSlug(tenant)) {
          all.add(
              "queue '"
                  + name
                  + "': tenant '"
                  + tenant
                  + "' is not a slug (lower-case letters, digits and inner '-')");
        }
        if (policies.get(name) == null) {
          all.add("queue '" + name + "': borrowing policy is missing");
        }
        int slash = name.lastIndexOf('/');
        if (slash >= 0 && !declared.containsKey(name.substring(0, slash))) {
          all.add(
              "queue '"
                  + name
                  + "' has no parent: declare queue '"
                  + name.substring(0, slash)
                  + "' first");
        }
      }
      Map<String, Map<String, Quota>> valid = new HashMap<>();
      for (Map.Entry<String, Map<String, long[]>> e : quotas.entrySet()) {
        String queue = e.getKey();
        if (!declared.containsKey(queue)) {
          all.add(
              "quota for undeclared queue '"
                  + queue
                  + "'"
                  + Suggestions.didYouMean(queue, declared.keySet()));
          continue;
        }
        for (Map.Entry<String, long[]> t : e.getValue().entrySet()) {
          String type = t.getKey();
          long g = t.getValue()[0];
          long max = t.getValue()[1];
          if (type == null || !TYPE_ID.matcher(type).matches()) {
            all.add(
                "queue '"
                    + queue
                    + "': accelerator '"
                    + type
                    + "' is not a catalog id (lower-case letters, digits, '-' and '.', e.g."
                    + " 'h100-sxm')");
          } else if (g < 0) {
            all.add(
                "queue '"
                    + queue
                    + "', "
                    + type
                    + ": guaranteed is "
                    + g
                    + "; allowed: 0 or more devices");
          } else if (max < g) {
            all.add(
                "queue '"
                    + queue
                    + "', "
                    + type
                    + ": max "
                    + max
                    + " is below guaranteed "
                    + g
                    + "; allowed: max >= guaranteed");
          } else {
            valid.computeIfAbsent(queue, x -> new TreeMap<>()).put(type, new Quota(g, max));
          }
        }
      }
      if (!all.isEmpty()) {
        throw new QuotaConfigException(all);
      }
      List<QueueSpec> sorted = new ArrayList<>();
      for (String[] q : declared.values()) {
        sorted.add(
            new QueueSpec(q[0], q[1], valid.getOrDefault(q[0], Map.of()), policies.get(q[0])));
      }
      sorted.sort((a, b) -> a.name().compareTo(b.name()));
      QueueTree tree = new QueueTree(sorted);
      for (int p = 0; p < tree.size(); p++) {
        int[] kids = tree.childrenView(p);
        if (kids.length == 0) {
          continue;
        }
        for (String type : tree.acceleratorTypes()) {
          long sum = 0;
          StringBuilder parts = new StringBuilder();
          for (int c : kids) {
            long g = tree.guaranteed(c, type);
            sum += g;
            if (g > 0) {
              parts
                  .append(parts.length() == 0 ? "" : ", ")
                  .append(tree.nameOf(c))
                  .append(' ')
                  .append(g);
            }
          }
          long own = tree.guaranteed(p, type);
          if (sum > own) {
            all.add(
                "children of '"
                    + tree.nameOf(p)
                    + "' are guaranteed "
                    + sum
                    + " "
                    + type
                    + " ("
                    + parts
                    + ") but '"
                    + tree.nameOf(p)
                    + "' is guaranteed only "
                    + own
                    + "; allowed: children's guarantees sum to at most their parent's");
          }
        }
      }
      if (!all.isEmpty()) {
        throw new QuotaConfigException(all);
      }
      return tree;
    }
  }

  /** The queue's parent name, if any, for callers holding only names. */
  public Optional<String> parentName(String queue) {
    return queue(queue).parentName();
  }
}
