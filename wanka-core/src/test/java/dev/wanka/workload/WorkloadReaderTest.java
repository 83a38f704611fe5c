package dev.wanka.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.catalog.Catalog;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.topology.Tier;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The submission reader: one valid example per kind, then one test per mistake. */
class WorkloadReaderTest {
  private static final Catalog CATALOG = Catalog.bundled();
  static final PriorityClasses CLASSES =
      new PriorityClasses(
          List.of(
              PriorityClass.preemptible("low", 0, 30),
              PriorityClass.preemptible("normal", 100, 300),
              PriorityClass.nonPreemptible("high", 1000)),
          "normal");

  /** The example from the issue and docs/workloads.md; line numbers below count from here. */
  private static final String TRAINING =
      String.join(
          "\n",
          "kind: training", // 1
          "name: llama3-70b-pretrain", // 2
          "tenant: team-a", // 3
          "queue: team-a/research", // 4
          "priority: high", // 5
          "devices: 512", // 6
          "devicesPerNode: 8", // 7
          "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]", // 8
          "topology: {scope: spine, strength: required}", // 9
          "elastic: {min: 256, max: 512}", // 10
          "estimatedSeconds: 86400", // 11
          "checkpointSeconds: 1800", // 12
          "tensorParallel: 8", // 13
          "");

  private static final String HEADER =
      String.join("\n", "name: job", "tenant: team-a", "queue: team-a", ""); // lines 1-3 after kind

  static Workload read(String yaml) {
    return WorkloadReader.read("job.yaml", yaml, CATALOG, CLASSES, WorkloadId.of(42), 1000);
  }

  private static List<SpecProblem> problems(String yaml) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> read(yaml));
    assertThat(e).as("the reader rejects the submission").isNotNull();
    return e.problems();
  }

  /** Exactly one problem, at {@code line} of {@code field}, whose message contains the parts. */
  private static void onlyProblem(String yaml, int line, String field, String... parts) {
    List<SpecProblem> problems = problems(yaml);
    assertThat(problems).as(problems.toString()).hasSize(1);
    SpecProblem problem = problems.get(0);
    assertThat(problem.at().source()).isEqualTo("job.yaml");
    assertThat(problem.at().line()).as(problem.format()).isEqualTo(line);
    assertThat(problem.field()).as(problem.format()).isEqualTo(field);
    assertThat(problem.message()).contains(parts);
  }

  private static String training(String line, String replacement) {
    assertThat(TRAINING).contains(line + "\n");
    return TRAINING.replace(line + "\n", replacement.isEmpty() ? "" : replacement + "\n");
  }

  private static String kind(String kind, String... lines) {
    return "kind: " + kind + "\n" + HEADER + String.join("\n", lines) + "\n";
  }

  // ---------------------------------------------------------------- valid submissions

  @Test
  void readsTheIssuesTrainingExample() {
    TrainingJob job = (TrainingJob) read(TRAINING);

    assertThat(job.kind()).isEqualTo(WorkloadKind.TRAINING);
    assertThat(job.id()).isEqualTo(WorkloadId.of(42));
    assertThat(job.name()).isEqualTo("llama3-70b-pretrain");
    assertThat(job.tenant()).isEqualTo(Tenant.of("team-a"));
    assertThat(job.queue()).isEqualTo(QueueName.of("team-a/research"));
    assertThat(job.priorityClass()).isEqualTo(PriorityClass.nonPreemptible("high", 1000));
    assertThat(job.submitSeconds()).isEqualTo(1000);
    assertThat(job.devices()).isEqualTo(512);
    assertThat(job.devicesPerNode()).hasValue(8);
    assertThat(job.accelerators())
        .as("the alias ascend-910b resolves to the catalog id")
        .containsExactly(
            AcceleratorChoice.of("h100-sxm"), AcceleratorChoice.of("ascend-910b2", 0.6));
    assertThat(job.topology()).contains(TopologyConstraint.required(Tier.SPINE));
    assertThat(job.elastic()).isEqualTo(new ElasticRange(256, 512));
    assertThat(job.isElastic()).isTrue();
    assertThat(job.estimatedSeconds()).hasValue(86400);
    assertThat(job.checkpointSeconds()).hasValue(1800);
    assertThat(job.tensorParallel()).hasValue(8);
  }

  @Test
  void aMinimalTrainingJobIsARigidGangWithTheDefaultPriority() {
    TrainingJob job = (TrainingJob) read(kind("training", "devices: 16", "accelerators: [h100]"));

    assertThat(job)
        .isEqualTo(
            TrainingJob.rigid(
                new WorkloadMeta(
                    WorkloadId.of(42),
                    "job",
                    Tenant.of("team-a"),
                    QueueName.of("team-a"),
                    CLASSES.defaults(),
                    1000),
                16,
                List.of(AcceleratorChoice.of("h100-sxm"))));
    assertThat(job.devicesPerNode()).as("any").isEmpty();
    assertThat(job.elastic().isRigid()).isTrue();
  }

  @Test
  void devicesPerNodeAnyAndPreferredTopologyAndElasticMaxDefault() {
    TrainingJob job =
        (TrainingJob)
            read(
                kind(
                    "training",
                    "devices: 64",
                    "devicesPerNode: any",
                    "accelerators: [H100-SXM]",
                    "topology: {scope: domain}",
                    "elastic: {min: 32}"));

    assertThat(job.devicesPerNode()).isEmpty();
    assertThat(job.topology()).contains(TopologyConstraint.preferred(Tier.SCALE_UP_DOMAIN));
    assertThat(job.elastic()).isEqualTo(new ElasticRange(32, 64));
  }

  @Test
  void readsAnInferenceServiceOfWholeDevices() {
    InferenceService service =
        (InferenceService)
            read(
                kind(
                    "inference",
                    "replicas: 4",
                    "devices: 8",
                    "placement: domain",
                    "accelerators: [h20, {type: l20, throughput: 0.5}]"));

    assertThat(service.replicas()).isEqualTo(4);
    assertThat(service.perReplica()).isEqualTo(DeviceAmount.whole(8));
    assertThat(service.replicaScope()).isEqualTo(Tier.SCALE_UP_DOMAIN);
    assertThat(service.accelerators())
        .containsExactly(AcceleratorChoice.of("h20"), AcceleratorChoice.of("l20", 0.5));
  }

  @Test
  void readsAnInferenceServiceOfFractionalShares() {
    InferenceService service =
        (InferenceService)
            read(kind("inference", "replicas: 3", "devices: 0.25", "accelerators: [l20]"));

    assertThat(service.perReplica()).isEqualTo(DeviceAmount.share(250));
    assertThat(service.perReplica().isFractional()).isTrue();
    assertThat(service.replicaScope()).as("default").isEqualTo(Tier.NODE);
  }

  @Test
  void readsDeviceTasks() {
    DeviceTask whole =
        (DeviceTask) read(kind("task", "accelerators: [rtx-4090]", "estimatedSeconds: 600"));
    DeviceTask share = (DeviceTask) read(kind("task", "devices: 0.5", "accelerators: [a100]"));
    DeviceTask one = (DeviceTask) read(kind("task", "devices: 1.0", "accelerators: [a100]"));

    assertThat(whole.amount()).as("one device by default").isEqualTo(DeviceAmount.whole(1));
    assertThat(whole.estimatedSeconds()).hasValue(600);
    assertThat(share.amount()).isEqualTo(DeviceAmount.share(500));
    assertThat(share.accelerators()).containsExactly(AcceleratorChoice.of("a100-sxm-80gb"));
    assertThat(one.amount()).isEqualTo(DeviceAmount.whole(1));
  }

  @Test
  void readsACpuTask() {
    CpuTask task =
        (CpuTask)
            read(
                kind("cpu", "cpu: 0.5", "memoryMiB: 2048")
                    .replace("name: job", "name: etl")
                    .concat("priority: low\n"));

    assertThat(task.cpuMilli()).isEqualTo(500);
    assertThat(task.memoryMiB()).isEqualTo(2048);
    assertThat(task.estimatedSeconds()).isEmpty();
    assertThat(task.name()).isEqualTo("etl");
    assertThat(task.priorityClass().name()).isEqualTo("low");
  }

  @Test
  void readsJsonToo() {
    Workload task =
        read(
            "{\"kind\": \"cpu\", \"name\": \"j\", \"tenant\": \"t\", \"queue\": \"q\","
                + " \"cpu\": 4, \"memoryMiB\": 1}");

    assertThat(task).isEqualTo(new CpuTask(task.meta(), 4000, 1, OptionalLong.empty()));
  }

  // ---------------------------------------------------------------- malformed submissions

  @Test
  void unknownFieldGetsDidYouMean() {
    onlyProblem(
        training("tensorParallel: 8", "tensorParalel: 8"),
        13,
        "tensorParalel",
        "unknown field",
        "did you mean 'tensorParallel'?");
  }

  @Test
  void fieldOfAnotherKindIsNamedAsSuch() {
    onlyProblem(
        training("tensorParallel: 8", "replicas: 2"),
        13,
        "replicas",
        "is only allowed with kind: inference",
        "kind training takes devices");
  }

  @Test
  void unknownKind() {
    onlyProblem(
        training("kind: training", "kind: trainig"),
        1,
        "kind",
        "'trainig' is not allowed: must be one of training, inference, task, cpu",
        "did you mean 'training'?");
  }

  @Test
  void missingKind() {
    onlyProblem(
        training("kind: training", ""), 1, "kind", "missing field: must be one of training");
  }

  @Test
  void nameMustBeASlug() {
    onlyProblem(
        training("name: llama3-70b-pretrain", "name: Llama3 70B"),
        2,
        "name",
        "'Llama3 70B' is not allowed: must be a slug");
  }

  @Test
  void queueMustBeSlugsJoinedBySlash() {
    onlyProblem(
        training("queue: team-a/research", "queue: team-a//research"),
        4,
        "queue",
        "'team-a//research' is not allowed",
        "joined by '/'");
  }

  @Test
  void unknownPriorityClass() {
    onlyProblem(
        training("priority: high", "priority: hihg"),
        5,
        "priority",
        "'hihg' is not allowed: must be one of the priority classes low, normal, high",
        "did you mean 'high'?");
  }

  @Test
  void unknownAcceleratorGetsASuggestion() {
    onlyProblem(
        training(
            "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]",
            "accelerators: [h100-sxn]"),
        8,
        "accelerators[0]",
        "'h100-sxn' is not in the accelerator catalog",
        "did you mean");
  }

  @Test
  void unknownAcceleratorInsideAMapNamesTheTypeField() {
    onlyProblem(
        training(
            "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]",
            "accelerators:\n  - h100-sxm\n  - type: ascend-9\n    throughput: 0.6"),
        10,
        "accelerators[1].type",
        "'ascend-9' is not in the accelerator catalog");
  }

  @Test
  void theSameTypeTwiceViaAnAlias() {
    onlyProblem(
        training(
            "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]",
            "accelerators:\n  - h100-sxm\n  - h100"),
        10,
        "accelerators[1]",
        "'h100' is not allowed: accelerators[0] already names h100-sxm");
  }

  @Test
  void throughputMustBePositive() {
    onlyProblem(
        training(
            "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]",
            "accelerators:\n  - {type: h100-sxm, throughput: 0}"),
        9,
        "accelerators[0].throughput",
        "'0' is not allowed: must be a number greater than 0 and at most 1000");
  }

  @Test
  void emptyAcceleratorList() {
    onlyProblem(
        training(
            "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]", "accelerators: []"),
        8,
        "accelerators",
        "an empty list is not allowed");
  }

  @Test
  void devicesMustBeAMultipleOfDevicesPerNode() {
    onlyProblem(
        training("devices: 512", "devices: 500")
            .replace("tensorParallel: 8\n", "")
            .replace("elastic: {min: 256, max: 512}\n", ""),
        6,
        "devices",
        "'500' is not allowed: must be a multiple of devicesPerNode (8)");
  }

  @Test
  void devicesPerNodeIsANumberOrAny() {
    onlyProblem(
        training("devicesPerNode: 8", "devicesPerNode: all"),
        7,
        "devicesPerNode",
        "'all' is not allowed: must be a whole number from 1 to 128, or any");
  }

  @Test
  void devicesOutOfRangeAndQuoted() {
    onlyProblem(
        training("devices: 512", "devices: \"512\""),
        6,
        "devices",
        "'512' is not allowed: must be a whole number from 1 to 4000000",
        "without quotes");
  }

  @Test
  void elasticMinAboveMax() {
    onlyProblem(
        training("elastic: {min: 256, max: 512}", "elastic:\n  min: 384\n  max: 256"),
        11,
        "elastic.min",
        "'384' is not allowed: must be at most elastic.max (256)");
  }

  @Test
  void elasticMaxAboveDevices() {
    onlyProblem(
        training("elastic: {min: 256, max: 512}", "elastic:\n  min: 256\n  max: 1024"),
        12,
        "elastic.max",
        "'1024' is not allowed: must be at most devices (512)");
  }

  @Test
  void elasticMinMustBeAMultipleOfDevicesPerNode() {
    onlyProblem(
        training("elastic: {min: 256, max: 512}", "elastic: {min: 260, max: 512}")
            .replace("tensorParallel: 8\n", ""),
        10,
        "elastic.min",
        "'260' is not allowed: must be a multiple of devicesPerNode (8)");
  }

  @Test
  void tensorParallelMustDivideDevicesAndFitNodes() {
    List<SpecProblem> problems = problems(training("tensorParallel: 8", "tensorParallel: 12"));

    assertThat(problems)
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:6:10: devices: '512' is not allowed: must be a multiple of tensorParallel"
                + " (12)",
            "job.yaml:10:16: elastic.min: '256' is not allowed: must be a multiple of"
                + " tensorParallel (12)",
            "job.yaml:10:26: elastic.max: '512' is not allowed: must be a multiple of"
                + " tensorParallel (12)",
            "job.yaml:13:17: tensorParallel: '12' is not allowed with devicesPerNode 8: one must"
                + " divide the other, so that each tensor-parallel group fills whole nodes or"
                + " shares one evenly");
  }

  @Test
  void unknownTierAndStrength() {
    List<SpecProblem> problems =
        problems(
            training(
                "topology: {scope: spine, strength: required}",
                "topology: {scope: rack, strength: must}"));

    assertThat(problems)
        .extracting(SpecProblem::field, p -> p.at().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("topology.scope", 9),
            org.assertj.core.groups.Tuple.tuple("topology.strength", 9));
    assertThat(problems.get(0).message())
        .isEqualTo("'rack' is not allowed: must be one of node, domain, leaf, spine");
    assertThat(problems.get(1).message())
        .isEqualTo("'must' is not allowed: must be one of required, preferred");
  }

  @Test
  void requiredNodeScopeForMoreThanANode() {
    onlyProblem(
        training(
            "topology: {scope: spine, strength: required}",
            "topology: {scope: node, strength: required}"),
        9,
        "topology",
        "scope node with strength required is not allowed for 512 devices",
        "devicesPerNode (8)");
  }

  @Test
  void estimatedSecondsMustBePositive() {
    onlyProblem(
        training("estimatedSeconds: 86400", "estimatedSeconds: 0"),
        11,
        "estimatedSeconds",
        "'0' is not allowed: must be a whole number from 1 to 315360000");
  }

  @Test
  void inferenceSharesAreOfOneDevice() {
    onlyProblem(
        kind("inference", "replicas: 2", "devices: 1.5", "accelerators: [l20]"),
        6,
        "devices",
        "'1.5' is not allowed: must be a whole number of devices from 1 to 1024, or a share of"
            + " one device from 0.001 to 0.999 (e.g. 0.25)");
  }

  @Test
  void inferenceSharesHaveAtMostThreeDecimals() {
    onlyProblem(
        kind("inference", "replicas: 2", "devices: 0.0005", "accelerators: [l20]"),
        6,
        "devices",
        "'0.0005' is not allowed");
  }

  @Test
  void inferencePlacementIsNodeOrDomain() {
    onlyProblem(
        kind("inference", "replicas: 2", "devices: 2", "placement: leaf", "accelerators: [l20]"),
        7,
        "placement",
        "'leaf' is not allowed: must be one of node, domain");
  }

  @Test
  void inferenceNeedsReplicas() {
    onlyProblem(
        kind("inference", "devices: 2", "accelerators: [l20]"),
        1,
        "replicas",
        "missing field: must be a whole number from 1 to 100000");
  }

  @Test
  void aTaskUsesAtMostOneDevice() {
    onlyProblem(
        kind("task", "devices: 2", "accelerators: [l20]"),
        5,
        "devices",
        "'2' is not allowed: must be 1, or a share of one device");
  }

  @Test
  void cpuWithTooManyDecimalsAndMissingMemory() {
    List<SpecProblem> problems = problems(kind("cpu", "cpu: 0.0001"));

    assertThat(problems)
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:1:1: memoryMiB: missing field: must be a whole number from 1 to 67108864",
            "job.yaml:5:6: cpu: '0.0001' is not allowed: give cores to at most 3 decimal places"
                + " (0.001 = one millicore)");
  }

  @Test
  void reportsEveryProblemAtOnceInFileOrder() {
    String yaml =
        String.join(
            "\n",
            "kind: training",
            "name: Big",
            "tenant: team_a",
            "queue: team-a",
            "devices: 0",
            "accelerators: [nope]",
            "colour: blue",
            "");

    assertThat(problems(yaml))
        .extracting(SpecProblem::field, p -> p.at().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("name", 2),
            org.assertj.core.groups.Tuple.tuple("tenant", 3),
            org.assertj.core.groups.Tuple.tuple("devices", 5),
            org.assertj.core.groups.Tuple.tuple("accelerators[0]", 6),
            org.assertj.core.groups.Tuple.tuple("colour", 7));
  }

  @Test
  void crossFieldRulesAreCheckedEvenWhenOtherFieldsAreWrong() {
    String yaml =
        training("devices: 512", "devices: 500")
            .replace("tensorParallel: 8\n", "")
            .replace("elastic: {min: 256, max: 512}\n", "")
            .replace(
                "accelerators: [h100-sxm, {type: ascend-910b, throughput: 0.6}]",
                "accelerators: [h100-sxn]")
            .replace(
                "topology: {scope: spine, strength: required}",
                "topology: {scope: node, strength: required}")
            .concat("replicas: 2\n");

    assertThat(problems(yaml))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:6:10: devices: '500' is not allowed: must be a multiple of devicesPerNode"
                + " (8)",
            "job.yaml:8:16: accelerators[0]: 'h100-sxn' is not in the accelerator catalog; did you"
                + " mean 'h100-sxm'? ('wanka catalog' lists the ids)",
            "job.yaml:9:11: topology: scope node with strength required is not allowed for 500"
                + " devices: one node holds devicesPerNode (8); use scope domain, leaf or spine,"
                + " or strength preferred",
            "job.yaml:12:1: replicas: is only allowed with kind: inference; kind training takes"
                + " devices, devicesPerNode, accelerators, topology, elastic, estimatedSeconds,"
                + " checkpointSeconds, tensorParallel");
  }

  @Test
  void aDocumentThatIsNotAMap() {
    List<SpecProblem> problems = problems("- just\n- a list\n");

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message()).contains("must be a map with the fields kind, name");
  }

  @Test
  void unusedHelpersStayConsistent() {
    assertThat(WorkloadReader.fieldsOf(WorkloadKind.CPU))
        .containsExactly(
            "kind", "name", "tenant", "queue", "priority", "cpu", "memoryMiB", "estimatedSeconds");
    assertThat(Optional.of(OptionalInt.empty())).isPresent();
    assertThat(OptionalDouble.empty()).isEmpty();
  }
}
