package dev.wanka.workload;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
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
import dev.wanka.topology.Tier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a workload submission (what {@code wanka submit FILE} will send) and checks it whole: every
 * problem is reported at once with file:line:column, the field, the bad value and what is allowed.
 * The format, documented in full in docs/workloads.md:
 *
 * <pre>{@code
 * kind: training          # required: training | inference | task | cpu
 * name: llama3-70b-pretrain   # required slug
 * tenant: team-a          # required slug
 * queue: team-a/research  # required: slugs joined by '/'
 * priority: high          # optional: a priority class name; default: the caller's default class
 * # kind: training
 * devices: 512            # required: gang size, 1 to 4,000,000
 * devicesPerNode: 8       # optional: 1 to 128, or any (default); divides devices and elastic
 * accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]   # required, catalog ids/aliases
 * topology: {scope: spine, strength: required}   # optional: node|domain|leaf|spine,
 *                                                #   required|preferred (default preferred)
 * elastic: {min: 256, max: 512}   # optional: min <= max <= devices; max defaults to devices
 * estimatedSeconds: 86400  # optional, 1 to 10 years
 * checkpointSeconds: 1800  # optional, 1 to 10 years
 * tensorParallel: 8        # optional: divides devices (and elastic min, max)
 * # kind: inference
 * replicas: 4              # required, 1 to 100,000
 * devices: 2               # required: whole devices per replica (1 to 1024) or a share (0.25)
 * placement: node          # optional: node (default) | domain: where each replica must fit
 * accelerators: [l20]      # required
 * # kind: task
 * devices: 0.5             # optional: 1 (default) or a share of one device
 * accelerators: [rtx-4090] # required
 * estimatedSeconds: 600    # optional
 * # kind: cpu
 * cpu: 2                   # required: cores, 0.001 to 4096
 * memoryMiB: 4096          # required
 * estimatedSeconds: 600    # optional
 * }</pre>
 *
 * <p>The id and submit time are not part of the file: the driver that receives it assigns them.
 */
public final class WorkloadReader {
  private static final List<String> COMMON = List.of("kind", "name", "tenant", "queue", "priority");

  private static final Map<WorkloadKind, List<String>> FIELDS = new EnumMap<>(WorkloadKind.class);

  static {
    FIELDS.put(
        WorkloadKind.TRAINING,
        List.of(
            "devices",
            "devicesPerNode",
            "accelerators",
            "topology",
            "elastic",
            "estimatedSeconds",
            "checkpointSeconds",
            "tensorParallel"));
    FIELDS.put(WorkloadKind.INFERENCE, List.of("replicas", "devices", "placement", "accelerators"));
    FIELDS.put(WorkloadKind.TASK, List.of("devices", "accelerators", "estimatedSeconds"));
    FIELDS.put(WorkloadKind.CPU, List.of("cpu", "memoryMiB", "estimatedSeconds"));
  }

  private static final String[] ALL_FIELDS = allFields();

  /** The flat format names each kind by its keyword. */
  private static final Map<WorkloadKind, String> KEYWORDS = keywords();

  private final Catalog catalog;
  private final PriorityClasses classes;
  private final Problems problems;

  /**
   * A reader that reports into {@code problems}; {@link ManifestReader} uses one to read the
   * scheduling fields of a manifest's {@code spec} with the same rules as the flat format.
   */
  WorkloadReader(Catalog catalog, PriorityClasses classes, Problems problems) {
    this.catalog = catalog;
    this.classes = classes;
    this.problems = problems;
  }

  /**
   * Parses and validates one submission; throws {@link dev.wanka.spec.SpecException} listing every
   * problem.
   *
   * @param source names the text in messages (a path as the user typed it)
   * @param catalog resolves accelerator ids and aliases
   * @param classes the priority classes {@code priority:} may name
   * @param id the id the driver assigns to this submission
   * @param submitSeconds the driver's clock at submission
   */
  public static Workload read(
      String source,
      String yaml,
      Catalog catalog,
      PriorityClasses classes,
      WorkloadId id,
      long submitSeconds) {
    return new WorkloadReader(catalog, classes, new Problems())
        .read(YamlTreeReader.read(source, yaml), id, submitSeconds);
  }

  private Workload read(YamlNode root, WorkloadId id, long submitSeconds) {
    MapReader top = MapReader.of(root, "", problems, ALL_FIELDS);
    Optional<WorkloadKind> kind = top.keyword("kind", WorkloadKind.class);
    String name = top.slug("name");
    String tenant = top.slug("tenant");
    String queue = top.string("queue");
    if (!queue.isEmpty() && !QueueName.isValid(queue)) {
      top.problem("queue", "'" + queue + "' is not allowed: " + QueueName.RULE);
    }
    PriorityClass priority = priority(top);
    if (kind.isEmpty()) {
      problems.throwIfAny();
      throw new IllegalStateException("a missing kind is always reported");
    }
    checkFieldsOfKind(root, "", kind.get(), COMMON, KEYWORDS);
    WorkloadMeta meta = null;
    if (problems.count() == 0) {
      meta =
          new WorkloadMeta(
              id, name, Tenant.of(tenant), QueueName.of(queue), priority, submitSeconds);
    }
    return readKind(top, kind.get(), meta);
  }

  /**
   * Reads the fields of {@code kind} from {@code fields} (the whole file in the flat format, {@code
   * spec} in a manifest) and builds the workload; throws every problem reported so far, if any.
   *
   * @param meta the workload's common part, or null when a problem has already been reported (the
   *     fields are still checked, so that one run reports every mistake)
   */
  Workload readKind(MapReader fields, WorkloadKind kind, WorkloadMeta meta) {
    int before = problems.count();
    Workload workload;
    switch (kind) {
      case TRAINING:
        workload = training(fields, meta);
        break;
      case INFERENCE:
        workload = inference(fields, meta);
        break;
      case TASK:
        workload = task(fields, meta);
        break;
      case CPU:
        workload = cpu(fields, meta);
        break;
      default:
        throw new IllegalStateException("unhandled kind " + kind);
    }
    problems.throwIfAny();
    if (workload == null || problems.count() > before) {
      throw new IllegalStateException("a workload is built only when nothing was reported");
    }
    return workload;
  }

  /** The class {@code priority:} names in {@code top}, or the default class when it is absent. */
  PriorityClass priority(MapReader top) {
    Optional<String> given = top.optionalString("priority");
    if (given.isEmpty()) {
      return classes.defaults();
    }
    Optional<PriorityClass> found = classes.find(given.get());
    if (found.isEmpty()) {
      top.problem(
          "priority",
          "'"
              + given.get()
              + "' is not allowed: must be one of the priority classes "
              + String.join(", ", classes.names())
              + Suggestions.didYouMean(given.get(), classes.names()));
      return classes.defaults();
    }
    return found.get();
  }

  /**
   * A field of {@code map} that belongs to another kind is named as such, not just as unknown.
   *
   * @param path where {@code map} is, prefixed to the fields in problems
   * @param common fields every kind takes
   * @param kindNames the kinds the format has, each as the format spells its {@code kind:}
   */
  void checkFieldsOfKind(
      YamlNode map,
      String path,
      WorkloadKind kind,
      Collection<String> common,
      Map<WorkloadKind, String> kindNames) {
    if (!(map instanceof YamlMap yamlMap)) {
      return;
    }
    List<String> allowed = FIELDS.get(kind);
    for (Map.Entry<String, SourceLocation> key : yamlMap.keyAt().entrySet()) {
      String field = key.getKey();
      if (common.contains(field) || allowed.contains(field)) {
        continue;
      }
      List<String> kinds = new ArrayList<>();
      kindNames.forEach(
          (other, name) -> {
            if (FIELDS.get(other).contains(field)) {
              kinds.add(name);
            }
          });
      if (kinds.isEmpty()) {
        continue; // unknown to every kind: reported as an unknown field
      }
      problems.add(
          key.getValue(),
          Paths.child(path, field),
          "is only allowed with kind: "
              + String.join(" or ", kinds)
              + "; kind "
              + kindNames.get(kind)
              + " takes "
              + String.join(", ", allowed));
    }
  }

  private Workload training(MapReader top, WorkloadMeta meta) {
    int before = problems.count();
    // The gang's shape first: its cross-field rules are checked whenever its own fields are valid,
    // whatever else is wrong in the file.
    int devices = (int) top.integer("devices", 1, TrainingJob.MAX_DEVICES);
    OptionalInt perNode = devicesPerNode(top);
    Optional<MapReader> elasticMap = top.optionalMap("elastic", "min", "max");
    int min = devices;
    int max = devices;
    if (elasticMap.isPresent()) {
      MapReader elastic = elasticMap.get();
      min = (int) elastic.integer("min", 1, TrainingJob.MAX_DEVICES);
      max = (int) elastic.integer("max", 1, TrainingJob.MAX_DEVICES, devices);
      if (min > 0 && max > 0 && min > max) {
        elastic.problem(
            "min", "'" + min + "' is not allowed: must be at most elastic.max (" + max + ")");
      }
      if (devices > 0 && max > devices) {
        elastic.problem(
            elastic.has("max") ? "max" : "min",
            "'" + max + "' is not allowed: must be at most devices (" + devices + ")");
      }
    }
    OptionalInt tp =
        top.has("tensorParallel")
            ? OptionalInt.of((int) top.integer("tensorParallel", 1, TrainingJob.MAX_DEVICES, 0))
            : OptionalInt.empty();
    boolean shapeValid = problems.count() == before;
    List<AcceleratorChoice> accelerators = accelerators(top);
    int beforeTopology = problems.count();
    Optional<TopologyConstraint> topology =
        top.optionalMap("topology", "scope", "strength").map(this::topology);
    boolean topologyValid = problems.count() == beforeTopology;
    OptionalLong estimated = seconds(top, "estimatedSeconds");
    OptionalLong checkpoint = seconds(top, "checkpointSeconds");
    if (!shapeValid) {
      return null;
    }
    Optional<MapReader> elastic = elasticMap;
    if (perNode.isPresent()) {
      int n = perNode.getAsInt();
      multipleOf(top, "devices", devices, "devicesPerNode", n);
      if (elastic.isPresent()) {
        multipleOf(elastic.get(), "min", min, "devicesPerNode", n);
        if (elastic.get().has("max")) {
          multipleOf(elastic.get(), "max", max, "devicesPerNode", n);
        }
      }
    }
    if (tp.isPresent() && tp.getAsInt() > 0) {
      int t = tp.getAsInt();
      if (t > devices) {
        top.problem(
            "tensorParallel",
            "'" + t + "' is not allowed: a group cannot exceed devices (" + devices + ")");
      } else {
        multipleOf(top, "devices", devices, "tensorParallel", t);
        if (elastic.isPresent()) {
          multipleOf(elastic.get(), "min", min, "tensorParallel", t);
          if (elastic.get().has("max")) {
            multipleOf(elastic.get(), "max", max, "tensorParallel", t);
          }
        }
      }
      if (perNode.isPresent() && perNode.getAsInt() % t != 0 && t % perNode.getAsInt() != 0) {
        top.problem(
            "tensorParallel",
            "'"
                + t
                + "' is not allowed with devicesPerNode "
                + perNode.getAsInt()
                + ": one must divide the other, so that each tensor-parallel group fills whole"
                + " nodes or shares one evenly");
      }
    }
    if (topologyValid
        && topology.isPresent()
        && topology.get().isRequired()
        && topology.get().scope() == Tier.NODE) {
      int limit = perNode.orElse(TrainingJob.MAX_DEVICES_PER_NODE);
      if (max > limit) {
        top.problem(
            "topology",
            "scope node with strength required is not allowed for "
                + max
                + " devices: one node holds "
                + (perNode.isPresent() ? "devicesPerNode (" + limit + ")" : "at most " + limit)
                + "; use scope domain, leaf or spine, or strength preferred");
      }
    }
    if (problems.count() > before || meta == null) {
      return null;
    }
    ElasticRange range = new ElasticRange(min, max);
    return build(
        top,
        () ->
            new TrainingJob(
                meta, devices, perNode, accelerators, topology, range, estimated, checkpoint, tp));
  }

  private Workload inference(MapReader top, WorkloadMeta meta) {
    int before = problems.count();
    int replicas = (int) top.integer("replicas", 1, InferenceService.MAX_REPLICAS);
    Optional<DeviceAmount> perReplica = amount(top, InferenceService.MAX_DEVICES_PER_REPLICA, true);
    Tier placement =
        tier(
            top,
            "placement",
            Tier.NODE,
            " (each replica runs inside one node or one scale-up domain)",
            Tier.NODE,
            Tier.SCALE_UP_DOMAIN);
    List<AcceleratorChoice> accelerators = accelerators(top);
    if (problems.count() > before || meta == null || perReplica.isEmpty()) {
      return null;
    }
    Tier scope = placement;
    return build(
        top, () -> new InferenceService(meta, replicas, perReplica.get(), scope, accelerators));
  }

  private Workload task(MapReader top, WorkloadMeta meta) {
    int before = problems.count();
    Optional<DeviceAmount> amount =
        top.has("devices") ? amount(top, 1, false) : Optional.of(DeviceAmount.whole(1));
    List<AcceleratorChoice> accelerators = accelerators(top);
    OptionalLong estimated = seconds(top, "estimatedSeconds");
    if (problems.count() > before || meta == null || amount.isEmpty()) {
      return null;
    }
    return build(top, () -> new DeviceTask(meta, amount.get(), accelerators, estimated));
  }

  private Workload cpu(MapReader top, WorkloadMeta meta) {
    int before = problems.count();
    long cpuMilli = 0;
    Optional<YamlNode> cpu = top.required("cpu", "a number of cores from 0.001 to 4096");
    if (cpu.isPresent()) {
      OptionalDouble cores = Values.number(cpu.get(), top.path("cpu"), 0, true, 4096, problems);
      if (cores.isPresent()) {
        Optional<Long> milli = thousandths(cpu.get());
        if (milli.isEmpty() || milli.get() < 1) {
          top.problem(
              "cpu",
              cpu.get().describe()
                  + " is not allowed: give cores to at most 3 decimal places (0.001 = one"
                  + " millicore)");
        } else {
          cpuMilli = milli.get();
        }
      }
    }
    long memory = top.integer("memoryMiB", 1, CpuTask.MAX_MEMORY_MIB);
    OptionalLong estimated = seconds(top, "estimatedSeconds");
    if (problems.count() > before || meta == null) {
      return null;
    }
    long milli = cpuMilli;
    return build(top, () -> new CpuTask(meta, milli, memory, estimated));
  }

  /** The constructors recheck what was checked above; a disagreement is reported, not thrown. */
  private Workload build(MapReader top, java.util.function.Supplier<Workload> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      problems.add(top.at(), "", e.getMessage());
      return null;
    }
  }

  private OptionalInt devicesPerNode(MapReader top) {
    Optional<YamlNode> node = top.node("devicesPerNode");
    if (node.isEmpty()) {
      return OptionalInt.empty();
    }
    if (node.get() instanceof YamlScalar scalar
        && scalar.kind() == YamlScalar.Kind.STRING
        && scalar.text().trim().equals("any")) {
      return OptionalInt.empty();
    }
    if (node.get() instanceof YamlScalar scalar && scalar.kind() == YamlScalar.Kind.INTEGER) {
      OptionalLong value =
          Values.integer(
              node.get(),
              top.path("devicesPerNode"),
              1,
              TrainingJob.MAX_DEVICES_PER_NODE,
              problems);
      return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.of(0);
    }
    top.problem(
        "devicesPerNode",
        node.get().describe()
            + " is not allowed: must be a whole number from 1 to "
            + TrainingJob.MAX_DEVICES_PER_NODE
            + ", or any");
    return OptionalInt.empty();
  }

  private TopologyConstraint topology(MapReader topology) {
    if (!topology.has("scope")) {
      topology.required("scope", "one of node, domain, leaf, spine");
    }
    Tier scope =
        tier(
            topology,
            "scope",
            Tier.SPINE,
            "",
            Tier.NODE,
            Tier.SCALE_UP_DOMAIN,
            Tier.LEAF,
            Tier.SPINE);
    TopologyStrength strength =
        topology.keyword("strength", TopologyStrength.class, TopologyStrength.PREFERRED);
    return new TopologyConstraint(scope, strength);
  }

  /**
   * A tier among {@code allowed}, named by its keyword (node, domain, leaf, spine); the default
   * when the field is absent. Any other value is reported with the allowed ones.
   */
  private static Tier tier(
      MapReader map, String field, Tier defaultTier, String why, Tier... allowed) {
    Optional<YamlNode> node = map.node(field);
    if (node.isEmpty()) {
      return defaultTier;
    }
    List<String> keywords = Arrays.stream(allowed).map(Tier::keyword).toList();
    Optional<String> text = Values.string(node.get(), map.path(field), map.problems());
    if (text.isEmpty()) {
      return defaultTier;
    }
    for (Tier tier : allowed) {
      if (tier.keyword().equalsIgnoreCase(text.get().trim())) {
        return tier;
      }
    }
    map.problem(
        field,
        "'"
            + text.get()
            + "' is not allowed: must be one of "
            + String.join(", ", keywords)
            + why
            + Suggestions.didYouMean(text.get(), keywords));
    return defaultTier;
  }

  private OptionalLong seconds(MapReader top, String field) {
    return top.has(field)
        ? OptionalLong.of(top.integer(field, 1, TrainingJob.MAX_SECONDS, 1))
        : OptionalLong.empty();
  }

  private static void multipleOf(
      MapReader reader, String field, int value, String divisorField, int divisor) {
    if (divisor > 0 && value % divisor != 0) {
      reader.problem(
          field,
          "'"
              + value
              + "' is not allowed: must be a multiple of "
              + divisorField
              + " ("
              + divisor
              + ")");
    }
  }

  /**
   * Whole devices (an integer from 1 to {@code maxWhole}) or a share of one device (a decimal from
   * 0.001 to 1, to at most 3 places).
   */
  private Optional<DeviceAmount> amount(MapReader top, int maxWhole, boolean required) {
    Optional<YamlNode> node =
        required
            ? top.required("devices", "whole devices or a share of one device such as 0.25")
            : top.node("devices");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String allowed =
        " is not allowed: must be "
            + (maxWhole == 1 ? "1" : "a whole number of devices from 1 to " + maxWhole)
            + ", or a share of one device from 0.001 to 0.999 (e.g. 0.25)";
    if (node.get() instanceof YamlScalar scalar) {
      if (scalar.kind() == YamlScalar.Kind.INTEGER) {
        try {
          long whole = Long.parseLong(scalar.text().trim());
          if (whole >= 1 && whole <= maxWhole) {
            return Optional.of(DeviceAmount.whole(whole));
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      } else if (scalar.kind() == YamlScalar.Kind.DECIMAL) {
        Optional<Long> milli = thousandths(scalar);
        if (milli.isPresent() && milli.get() >= 1 && milli.get() <= DeviceAmount.MILLI) {
          return Optional.of(DeviceAmount.share(milli.get()));
        }
      }
    }
    top.problem("devices", node.get().describe() + allowed);
    return Optional.empty();
  }

  /** A decimal's value in thousandths, if it has no more than 3 decimal places. */
  private static Optional<Long> thousandths(YamlNode node) {
    if (!(node instanceof YamlScalar scalar)) {
      return Optional.empty();
    }
    try {
      BigDecimal value = new BigDecimal(scalar.text().trim()).movePointRight(3);
      return Optional.of(value.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private List<AcceleratorChoice> accelerators(MapReader top) {
    List<YamlNode> items = top.list("accelerators", true);
    List<AcceleratorChoice> choices = new ArrayList<>();
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String path = Paths.item(top.path("accelerators"), i);
      Optional<String> given;
      OptionalDouble throughput = OptionalDouble.empty();
      SourceLocation typeAt = item.at();
      if (item instanceof YamlMap) {
        MapReader choice = MapReader.of(item, path, problems, "type", "throughput");
        given =
            choice
                .required("type", "an accelerator id or alias from the catalog")
                .flatMap(n -> Values.string(n, choice.path("type"), problems));
        typeAt = choice.at("type");
        throughput =
            choice
                .node("throughput")
                .map(
                    n ->
                        Values.number(
                            n,
                            choice.path("throughput"),
                            0,
                            true,
                            AcceleratorChoice.MAX_THROUGHPUT,
                            problems))
                .orElse(OptionalDouble.empty());
        path = choice.path("type");
      } else {
        given = Values.string(item, path, problems);
      }
      if (given.isEmpty()) {
        continue;
      }
      Optional<Accelerator> type = catalog.find(given.get());
      if (type.isEmpty()) {
        problems.add(typeAt, path, catalog.notFoundMessage(given.get()));
        continue;
      }
      String id = type.get().id();
      Integer previous = firstIndex.putIfAbsent(id, i);
      if (previous != null) {
        problems.add(
            typeAt,
            path,
            "'"
                + given.get()
                + "' is not allowed: accelerators["
                + previous
                + "] already names "
                + id
                + "; list each type once");
        continue;
      }
      choices.add(new AcceleratorChoice(id, throughput));
    }
    return choices;
  }

  private static Map<WorkloadKind, String> keywords() {
    Map<WorkloadKind, String> names = new EnumMap<>(WorkloadKind.class);
    for (WorkloadKind kind : WorkloadKind.values()) {
      names.put(kind, kind.keyword());
    }
    return names;
  }

  private static String[] allFields() {
    Set<String> all = new LinkedHashSet<>(COMMON);
    FIELDS.values().forEach(all::addAll);
    return all.toArray(String[]::new);
  }

  /** The fields a kind takes, common ones first; for documentation and the command line. */
  public static List<String> fieldsOf(WorkloadKind kind) {
    return java.util.stream.Stream.concat(COMMON.stream(), FIELDS.get(kind).stream())
        .collect(Collectors.toList());
  }

  /** The fields only {@code kind} takes, without the common ones. */
  static List<String> kindFields(WorkloadKind kind) {
    return FIELDS.get(kind);
  }
}
