package dev.wanka.sched;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.Quota;
import dev.wanka.sched.quota.QuotaConfigException;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlNode.YamlScalar;
import dev.wanka.spec.YamlTreeReader;
import dev.wanka.topology.ClusterSpecReader;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.QueueName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads the scheduler's configuration file (priority classes, the default class and the queue tree
 * with quotas; see docs/workloads.md and examples/scheduler) and checks it whole: every problem is
 * reported with file, line, field, the bad value and what is allowed.
 *
 * <p>Field-level mistakes are found here; the rules of the tree as a whole (every parent declared,
 * children's guarantees within their parent's) are checked by {@link QueueTree.Builder}, whose
 * problems are placed at the quota line of the accelerator they name, or else at the queue's name.
 * The tree is checked only when its queues have no field-level mistakes, so that one mistake is not
 * reported twice.
 */
public final class SchedulerConfigReader {
  /** At most this many devices of one type in a quota: as many as a cluster spec may hold. */
  public static final long MAX_DEVICES = ClusterSpecReader.MAX_DEVICES;

  private final Catalog catalog;
  private final Problems problems = new Problems();

  /** A queue as written, kept to place the tree builder's problems at the right line. */
  private record QueueEntry(
      String name,
      String tenant,
      BorrowingPolicy borrowing,
      Map<String, Quota> quotas,
      String path,
      SourceLocation nameAt,
      Map<String, SourceLocation> quotaAt,
      Map<String, String> quotaPath) {}

  private SchedulerConfigReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Parses and validates; throws {@link dev.wanka.spec.SpecException} listing every problem.
   *
   * @param source names the text in messages (a path as the user typed it)
   * @param catalog resolves accelerator ids and aliases in quotas to catalog ids
   */
  public static SchedulerConfig read(String source, String yaml, Catalog catalog) {
    return new SchedulerConfigReader(catalog).read(YamlTreeReader.read(source, yaml));
  }

  private SchedulerConfig read(YamlNode root) {
    MapReader top =
        MapReader.of(root, "", problems, "priorityClasses", "defaultPriority", "queues");
    List<String> classNames = new ArrayList<>();
    List<PriorityClass> classes = priorityClasses(top, classNames);
    String defaultClass = defaultPriority(top, classNames);
    int before = problems.count();
    List<QueueEntry> queues = queues(top);
    QueueTree tree = problems.count() == before ? tree(top, queues) : null;
    problems.throwIfAny();
    return new SchedulerConfig(new PriorityClasses(classes, defaultClass), tree);
  }

  // --- priority classes ---

  private List<PriorityClass> priorityClasses(MapReader top, List<String> names) {
    List<PriorityClass> classes = new ArrayList<>();
    List<YamlNode> nodes = top.list("priorityClasses", true);
    Map<String, Integer> indexByName = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      MapReader c =
          MapReader.of(
              nodes.get(i),
              Paths.item("priorityClasses", i),
              problems,
              "name",
              "priority",
              "preemptible",
              "graceSeconds");
      int before = problems.count();
      String name = c.slug("name");
      long priority = c.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE);
      Optional<Boolean> preemptible = bool(c, "preemptible", true);
      OptionalLong grace =
          c.node("graceSeconds")
              .map(
                  n ->
                      Values.integer(
                          n, c.path("graceSeconds"), 0, PriorityClass.MAX_GRACE_SECONDS, problems))
              .orElse(OptionalLong.empty());
      if (c.has("graceSeconds") && preemptible.isPresent() && !preemptible.get()) {
        c.problem(
            "graceSeconds",
            "is only allowed for a preemptible class; '"
                + name
                + "' has preemptible: false, so its workloads are never stopped for others and"
                + " need no grace period");
      }
      if (!name.isEmpty()) {
        Integer previous = indexByName.putIfAbsent(name, i);
        if (previous != null) {
          c.problem(
              "name",
              "'"
                  + name
                  + "' is not allowed: priorityClasses["
                  + previous
                  + "] already has this name; class names must be unique");
        } else {
          names.add(name);
        }
      }
      if (problems.count() == before) {
        classes.add(new PriorityClass(name, (int) priority, preemptible.orElseThrow(), grace));
      }
    }
    return classes;
  }

  private String defaultPriority(MapReader top, List<String> names) {
    String given = top.string("defaultPriority");
    if (!given.isEmpty() && !names.isEmpty() && !names.contains(given)) {
      top.problem(
          "defaultPriority",
          "'"
              + given
              + "' is not allowed: must be one of the priority classes "
              + String.join(", ", names)
              + Suggestions.didYouMean(given, names));
    }
    return given;
  }

  // --- queues ---

  private List<QueueEntry> queues(MapReader top) {
    List<QueueEntry> queues = new ArrayList<>();
    List<YamlNode> nodes = top.list("queues", true);
    Map<String, Integer> indexByName = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      String path = Paths.item("queues", i);
      MapReader q =
          MapReader.of(nodes.get(i), path, problems, "name", "tenant", "quota", "borrow", "lend");
      int before = problems.count();
      String name = q.string("name");
      if (!name.isEmpty() && !QueueName.isValid(name)) {
        q.problem("name", "'" + name + "' is not allowed: " + QueueName.RULE);
      } else if (!name.isEmpty()) {
        Integer previous = indexByName.putIfAbsent(name, i);
        if (previous != null) {
          q.problem(
              "name",
              "'"
                  + name
                  + "' is not allowed: queues["
                  + previous
                  + "] already has this name; queue names must be unique");
        }
      }
      String tenant = q.slug("tenant");
      boolean borrow = bool(q, "borrow", false).orElse(true);
      boolean lend = bool(q, "lend", false).orElse(true);
      Map<String, Quota> quotas = new LinkedHashMap<>();
      Map<String, SourceLocation> quotaAt = new LinkedHashMap<>();
      Map<String, String> quotaPath = new LinkedHashMap<>();
      q.node("quota").ifPresent(n -> quota(n, q.path("quota"), quotas, quotaAt, quotaPath));
      if (problems.count() == before) {
        queues.add(
            new QueueEntry(
                name,
                tenant,
                new BorrowingPolicy(borrow, lend),
                quotas,
                path,
                q.at("name"),
                quotaAt,
                quotaPath));
      }
    }
    return queues;
  }

  /** {@code {<accelerator id or alias>: {guaranteed: n, max: m}, ...}}, keyed by catalog id. */
  private void quota(
      YamlNode node,
      String path,
      Map<String, Quota> quotas,
      Map<String, SourceLocation> quotaAt,
      Map<String, String> quotaPath) {
    if (!(node instanceof YamlMap map)) {
      problems.add(
          node.at(),
          path,
          node.describe()
              + " is not allowed: must be a map from accelerator id to {guaranteed, max},"
              + " e.g. {h100-sxm: {guaranteed: 64, max: 128}}");
      return;
    }
    Map<String, String> writtenAs = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
      String written = e.getKey();
      String entryPath = Paths.child(path, written);
      SourceLocation keyAt = map.keyAt().getOrDefault(written, e.getValue().at());
      int before = problems.count();
      Optional<Accelerator> accelerator = catalog.find(written);
      if (accelerator.isEmpty()) {
        problems.add(keyAt, entryPath, catalog.notFoundMessage(written));
      } else {
        String previous = writtenAs.putIfAbsent(accelerator.get().id(), written);
        if (previous != null) {
          problems.add(
              keyAt,
              entryPath,
              "'"
                  + written
                  + "' is not allowed: it is the same accelerator ("
                  + accelerator.get().id()
                  + ") as '"
                  + previous
                  + "' above; give each accelerator one quota");
        }
      }
      MapReader amounts = MapReader.of(e.getValue(), entryPath, problems, "guaranteed", "max");
      int beforeAmounts = problems.count();
      long guaranteed = amounts.integer("guaranteed", 0, MAX_DEVICES);
      long max = amounts.integer("max", 0, MAX_DEVICES, guaranteed);
      if (problems.count() == beforeAmounts && max < guaranteed) {
        amounts.problem(
            "max",
            "'"
                + max
                + "' is not allowed: must be at least guaranteed ("
                + guaranteed
                + "); max caps what the queue may hold, its guarantee included");
      }
      if (problems.count() == before) {
        String id = accelerator.orElseThrow().id();
        quotas.put(id, new Quota(guaranteed, max));
        quotaAt.put(id, keyAt);
        quotaPath.put(id, entryPath);
      }
    }
  }

  private QueueTree tree(MapReader top, List<QueueEntry> queues) {
    QueueTree.Builder builder = QueueTree.builder();
    for (QueueEntry q : queues) {
      builder.queue(q.name(), q.tenant(), q.borrowing(), q.quotas());
    }
    try {
      return builder.build();
    } catch (QuotaConfigException e) {
      for (String problem : e.problems()) {
        place(top, queues, problem);
      }
      return null;
    }
  }

  /**
   * Reports one of the tree builder's problems where it belongs: at the quota of the accelerator it
   * names, in the first queue it quotes; else at that queue's name; else at {@code queues}.
   */
  private void place(MapReader top, List<QueueEntry> queues, String problem) {
    QueueEntry queue = null;
    int first = Integer.MAX_VALUE;
    for (QueueEntry q : queues) {
      int at = problem.indexOf("'" + q.name() + "'");
      if (at >= 0 && at < first) {
        first = at;
        queue = q;
      }
    }
    if (queue == null) {
      top.problem("queues", problem);
      return;
    }
    for (String type : queue.quotas().keySet()) {
      if (Pattern.compile("(?<![a-z0-9.-])" + Pattern.quote(type) + "(?![a-z0-9.-])")
          .matcher(problem)
          .find()) {
        problems.add(queue.quotaAt().get(type), queue.quotaPath().get(type), problem);
        return;
      }
    }
    problems.add(queue.nameAt(), queue.path(), problem);
  }

  // --- values ---

  /** A YAML boolean ({@code true} or {@code false}); empty when absent or reported. */
  private static Optional<Boolean> bool(MapReader reader, String field, boolean required) {
    Optional<YamlNode> node =
        required ? reader.required(field, "true or false") : reader.node(field);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlScalar scalar && scalar.kind() == YamlScalar.Kind.BOOLEAN) {
      return Optional.of(scalar.text().trim().equalsIgnoreCase("true"));
    }
    reader.problem(field, node.get().describe() + " is not allowed: must be true or false");
    return Optional.empty();
  }
}
