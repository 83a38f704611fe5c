package dev.wanka.workload;

import dev.wanka.catalog.Catalog;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlNode.YamlScalar;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a job or service manifest, the Kubernetes-style YAML (or JSON) that {@code wanka submit
 * FILE} sends, and checks it whole: every problem is reported at once with file:line:column, the
 * field's full path ({@code spec.devices}), the bad value and what is allowed. docs/jobs.md
 * describes the format:
 *
 * <pre>{@code
 * apiVersion: wanka/v1        # required, exactly this
 * kind: TrainingJob           # required: TrainingJob | InferenceService | BatchJob
 * metadata:
 *   name: gang-16             # required slug
 *   tenant: team-a            # optional; default: the caller's default tenant
 *   queue: team-a             # optional; default: the tenant's name
 *   labels: {team: vision}    # optional: Kubernetes-style keys, text values
 * spec:
 *   priority: high            # optional: a priority class
 *   devices: 16               # the scheduling fields of the flat format's kind (training,
 *   devicesPerNode: 8         #   inference, task), read by WorkloadReader with its rules
 *   accelerators: [h100-sxm]
 *   command: [sh, train.sh]   # required: the program and its arguments, run without a shell
 *   env: {STEPS: "200"}       # optional; never a variable the control plane sets
 *   workingDir: jobs          # optional; relative to the agent's directory
 *   checkpoint: {dir: ckpt}   # optional: given to tasks as WANKA_CHECKPOINT_DIR
 *   terminationGraceSeconds: 30   # optional, 0 to 3600: SIGTERM, then SIGKILL after this
 * }</pre>
 */
public final class ManifestReader {
  private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> METADATA = List.of("name", "tenant", "queue", "labels");
  private static final List<String> RUN =
      List.of("command", "env", "workingDir", "checkpoint", "terminationGraceSeconds");

  /** What {@code spec} takes whatever the kind: the priority and how to run the tasks. */
  private static final List<String> SPEC_COMMON = specCommon();

  private static final Map<WorkloadKind, String> KIND_NAMES = kindNames();
  private static final String[] SPEC_FIELDS = specFields();

  private final Problems problems = new Problems();
  private final WorkloadReader workloads;

  private ManifestReader(Catalog catalog, PriorityClasses classes) {
    this.workloads = new WorkloadReader(catalog, classes, problems);
  }

  /**
   * Parses and validates one manifest; throws {@link dev.wanka.spec.SpecException} listing every
   * problem.
   *
   * @param source names the text in messages (a path as the user typed it)
   * @param text YAML, or JSON (which YAML 1.2 includes)
   * @param catalog resolves accelerator ids and aliases
   * @param classes the priority classes {@code spec.priority} may name
   * @param id the id the driver assigns to this submission
   * @param submitSeconds the driver's clock at submission
   * @param defaultTenant the tenant when {@code metadata.tenant} is absent (the submitter's); a
   *     slug
   */
  public static Manifest read(
      String source,
      String text,
      Catalog catalog,
      PriorityClasses classes,
      WorkloadId id,
      long submitSeconds,
      String defaultTenant) {
    Checks.slug("defaultTenant", defaultTenant);
    return new ManifestReader(catalog, classes)
        .read(YamlTreeReader.read(source, text), id, submitSeconds, defaultTenant);
  }

  private Manifest read(YamlNode root, WorkloadId id, long submitSeconds, String defaultTenant) {
    MapReader top =
        MapReader.of(withoutMisplacedFields(root), "", problems, TOP.toArray(String[]::new));
    apiVersion(top);
    Optional<ManifestKind> kind = kind(top);
    MapReader metadata = top.map("metadata", METADATA.toArray(String[]::new));
    String name = metadata.slug("name");
    String tenant = metadata.has("tenant") ? metadata.slug("tenant") : defaultTenant;
    String queue = metadata.optionalString("queue").orElse(tenant);
    if (!QueueName.isValid(queue) && metadata.has("queue")) {
      metadata.problem("queue", "'" + queue + "' is not allowed: " + QueueName.RULE);
    }
    Map<String, String> labels = labels(metadata);
    MapReader spec = top.map("spec", SPEC_FIELDS);
    PriorityClass priority = workloads.priority(spec);
    List<String> command = command(spec);
    Map<String, String> env = env(spec);
    Optional<String> workingDir =
        spec.node("workingDir").flatMap(n -> path(n, spec.path("workingDir")));
    Optional<String> checkpointDir =
        spec.optionalMap("checkpoint", "dir")
            .flatMap(
                checkpoint ->
                    checkpoint
                        .required("dir", "the directory the job keeps its checkpoints in")
                        .flatMap(n -> path(n, checkpoint.path("dir"))));
    int grace =
        (int)
            spec.integer(
                "terminationGraceSeconds",
                0,
                RunSpec.MAX_TERMINATION_GRACE_SECONDS,
                RunSpec.DEFAULT_TERMINATION_GRACE_SECONDS);
    if (kind.isEmpty()) {
      problems.throwIfAny();
      throw new IllegalStateException("a missing or unknown kind is always reported");
    }
    WorkloadKind workloadKind = kind.get().workloadKind();
    top.node("spec")
        .ifPresent(
            node ->
                workloads.checkFieldsOfKind(node, "spec", workloadKind, SPEC_COMMON, KIND_NAMES));
    WorkloadMeta meta = null;
    if (problems.isEmpty()) {
      meta =
          new WorkloadMeta(
              id, name, Tenant.of(tenant), QueueName.of(queue), priority, submitSeconds);
    }
    Workload workload = workloads.readKind(spec, workloadKind, meta);
    try {
      RunSpec run = new RunSpec(command, env, workingDir, checkpointDir, grace);
      return new Manifest(kind.get(), workload, run, labels);
    } catch (IllegalArgumentException e) {
      // The constructors recheck what was checked above; a disagreement is reported, not thrown.
      problems.add(spec.at(), "spec", e.getMessage());
      problems.throwIfAny();
      throw e;
    }
  }

  /**
   * A field of {@code metadata} or {@code spec} written at the top level (as the flat format places
   * it) is reported as belonging there, rather than as unknown; the rest is read as usual.
   */
  private YamlNode withoutMisplacedFields(YamlNode root) {
    if (!(root instanceof YamlMap map)) {
      return root;
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, SourceLocation> keyAt = new LinkedHashMap<>();
    for (Map.Entry<String, SourceLocation> key : map.keyAt().entrySet()) {
      String field = key.getKey();
      String belongsUnder =
          METADATA.contains(field)
              ? "metadata"
              : List.of(SPEC_FIELDS).contains(field) ? "spec" : "";
      if (belongsUnder.isEmpty()) {
        entries.put(field, map.entries().get(field));
        keyAt.put(field, key.getValue());
      } else {
        problems.add(
            key.getValue(),
            field,
            "is not allowed at the top level: put it under "
                + belongsUnder
                + ": (the top level holds "
                + String.join(", ", TOP)
                + ")");
      }
    }
    return new YamlMap(map.at(), entries, keyAt);
  }

  private void apiVersion(MapReader top) {
    top.required("apiVersion", Manifest.API_VERSION)
        .flatMap(n -> Values.string(n, top.path("apiVersion"), problems))
        .filter(given -> !given.equals(Manifest.API_VERSION))
        .ifPresent(
            given ->
                top.problem(
                    "apiVersion",
                    "'" + given + "' is not allowed: must be " + Manifest.API_VERSION));
  }

  private Optional<ManifestKind> kind(MapReader top) {
    String allowed = String.join(", ", ManifestKind.names());
    Optional<String> given =
        top.required("kind", "one of " + allowed)
            .flatMap(n -> Values.string(n, top.path("kind"), problems));
    if (given.isEmpty()) {
      return Optional.empty();
    }
    Optional<ManifestKind> kind = ManifestKind.of(given.get());
    if (kind.isEmpty()) {
      String hint =
          Values.parseKeyword(given.get(), WorkloadKind.class)
              .flatMap(ManifestKind::of)
              .map(
                  k ->
                      "; did you mean '"
                          + k
                          + "'? (kind "
                          + k.workloadKind().keyword()
                          + " of the flat format)")
              .orElse(Suggestions.didYouMean(given.get(), ManifestKind.names()));
      top.problem(
          "kind",
          "'"
              + given.get()
              + "' is not allowed: must be one of "
              + allowed
              + " (as written)"
              + hint);
    }
    return kind;
  }

  private Map<String, String> labels(MapReader metadata) {
    Map<String, String> labels = new LinkedHashMap<>();
    Optional<YamlNode> node = metadata.node("labels");
    if (node.isEmpty()) {
      return labels;
    }
    if (!(node.get() instanceof YamlMap map)) {
      metadata.problem(
          "labels",
          node.get().describe()
              + " is not allowed: must be a map of label keys to texts, e.g. {team: vision}");
      return labels;
    }
    for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
      String key = entry.getKey();
      String path = Paths.child(metadata.path("labels"), key);
      Manifest.labelKeyProblem(key).ifPresent(p -> problems.add(map.keyAt().get(key), path, p));
      Optional<String> value = text(entry.getValue(), path);
      value
          .flatMap(Manifest::labelValueProblem)
          .ifPresent(p -> problems.add(entry.getValue().at(), path, p));
      value.ifPresent(v -> labels.put(key, v));
    }
    return labels;
  }

  private List<String> command(MapReader spec) {
    String expected =
        "a non-empty list: the program and its arguments, run without a shell, e.g. [sh, run.sh]";
    Optional<YamlNode> node = spec.required("command", expected);
    List<String> command = new ArrayList<>();
    if (node.isEmpty()) {
      return command;
    }
    if (!(node.get() instanceof YamlList list)) {
      spec.problem("command", node.get().describe() + " is not allowed: must be " + expected);
      return command;
    }
    if (list.items().isEmpty()) {
      spec.problem("command", "an empty list is not allowed: name the program to run first");
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String path = Paths.item(spec.path("command"), i);
      Optional<String> argument = text(item, path);
      if (i == 0 && argument.isPresent() && argument.get().isBlank()) {
        problems.add(
            item.at(),
            path,
            "'" + argument.get() + "' is not allowed: the first item is the program to run");
      }
      argument.ifPresent(command::add);
    }
    return command;
  }

  private Map<String, String> env(MapReader spec) {
    Map<String, String> env = new LinkedHashMap<>();
    Optional<YamlNode> node = spec.node("env");
    if (node.isEmpty()) {
      return env;
    }
    if (!(node.get() instanceof YamlMap map)) {
      spec.problem(
          "env",
          node.get().describe()
              + " is not allowed: must be a map of variable names to texts, e.g. {STEPS: \"200\"}");
      return env;
    }
    for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
      String name = entry.getKey();
      String path = Paths.child(spec.path("env"), name);
      RunSpec.envNameProblem(name).ifPresent(p -> problems.add(map.keyAt().get(name), path, p));
      text(entry.getValue(), path).ifPresent(value -> env.put(name, value));
    }
    return env;
  }

  /** A non-blank text naming a file or directory. */
  private Optional<String> path(YamlNode node, String path) {
    Optional<String> text = text(node, path);
    if (text.isPresent() && text.get().isBlank()) {
      problems.add(
          node.at(), path, "'" + text.get() + "' is not allowed: must be a non-empty path");
      return Optional.empty();
    }
    return text;
  }

  /**
   * A YAML string exactly as written, spaces included: what a process receives must be what the
   * user wrote, so a number or boolean (which YAML would read as one) must be quoted.
   */
  private Optional<String> text(YamlNode node, String path) {
    if (node instanceof YamlScalar scalar && scalar.kind() == YamlScalar.Kind.STRING) {
      if (scalar.text().indexOf('\0') >= 0) {
        problems.add(node.at(), path, "a text with a NUL character is not allowed");
        return Optional.empty();
      }
      return Optional.of(scalar.text());
    }
    String hint = "";
    if (node instanceof YamlScalar scalar) {
      hint =
          scalar.kind() == YamlScalar.Kind.NULL
              ? "; write \"\" for an empty text"
              : "; write it in quotes (\"" + scalar.text() + "\") to pass it as written";
    }
    problems.add(node.at(), path, node.describe() + " is not allowed: must be text" + hint);
    return Optional.empty();
  }

  private static List<String> specCommon() {
    List<String> common = new ArrayList<>();
    common.add("priority");
    common.addAll(RUN);
    return List.copyOf(common);
  }

  private static Map<WorkloadKind, String> kindNames() {
    Map<WorkloadKind, String> names = new EnumMap<>(WorkloadKind.class);
    for (ManifestKind kind : ManifestKind.values()) {
      names.put(kind.workloadKind(), kind.kindName());
    }
    return names;
  }

  /** priority, then the scheduling fields of every manifest kind, then how to run the tasks. */
  private static String[] specFields() {
    Set<String> fields = new LinkedHashSet<>();
    fields.add("priority");
    for (ManifestKind kind : ManifestKind.values()) {
      fields.addAll(WorkloadReader.kindFields(kind.workloadKind()));
    }
    fields.addAll(RUN);
    return fields.toArray(String[]::new);
  }
}
