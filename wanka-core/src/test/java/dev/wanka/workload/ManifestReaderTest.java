package dev.wanka.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.wanka.catalog.Catalog;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.topology.Tier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The manifest reader: valid manifests of each kind, YAML against JSON, then every mistake. */
class ManifestReaderTest {
  private static final Catalog CATALOG = Catalog.bundled();
  private static final PriorityClasses CLASSES = WorkloadReaderTest.CLASSES;
  private static final Path EXAMPLES = Path.of("..", "examples", "jobs");

  /** Every field; line numbers in the tests below count from here. */
  private static final String FULL =
      String.join(
          "\n",
          "apiVersion: wanka/v1", // 1
          "kind: TrainingJob", // 2
          "metadata:", // 3
          "  name: gang-16", // 4
          "  tenant: team-a", // 5
          "  queue: team-a/research", // 6
          "  labels:", // 7
          "    team: vision", // 8
          "    example.com/run: \"42\"", // 9
          "spec:", // 10
          "  priority: high", // 11
          "  devices: 16", // 12
          "  devicesPerNode: 8", // 13
          "  accelerators: [h100-sxm]", // 14
          "  topology: {scope: spine}", // 15
          "  elastic: {min: 8}", // 16
          "  estimatedSeconds: 3600", // 17
          "  checkpointSeconds: 600", // 18
          "  tensorParallel: 8", // 19
          "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]", // 20
          "  env: {STEPS: \"200\", LOG_LEVEL: info}", // 21
          "  workingDir: /srv/jobs", // 22
          "  checkpoint:", // 23
          "    dir: wanka-data/checkpoints/gang-16", // 24
          "  terminationGraceSeconds: 60", // 25
          "");

  private static final String BATCH_JOB =
      String.join(
          "\n",
          "apiVersion: wanka/v1", // 1
          "kind: BatchJob", // 2
          "metadata: {name: notebook}", // 3
          "spec:", // 4
          "  devices: 0.5", // 5
          "  accelerators: [rtx-4090]", // 6
          "  command: [sleep, \"60\"]", // 7
          "");

  private static final String INFERENCE_SERVICE =
      String.join(
          "\n",
          "apiVersion: wanka/v1", // 1
          "kind: InferenceService", // 2
          "metadata: {name: chat, tenant: team-b}", // 3
          "spec:", // 4
          "  replicas: 2", // 5
          "  devices: 1", // 6
          "  placement: domain", // 7
          "  accelerators: [h20, {type: l20, throughput: 0.5}]", // 8
          "  command: [serve, --port, \"8000\"]", // 9
          "");

  static Manifest read(String source, String text) {
    return ManifestReader.read(
        source, text, CATALOG, CLASSES, WorkloadId.of(42), 1000, "default-tenant");
  }

  private static Manifest read(String text) {
    return read("job.yaml", text);
  }

  private static List<SpecProblem> problems(String text) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> read(text));
    assertThat(e).as("the reader rejects the manifest").isNotNull();
    return e.problems();
  }

  private static String full(String line, String replacement) {
    assertThat(FULL).contains(line + "\n");
    return FULL.replace(line + "\n", replacement.isEmpty() ? "" : replacement + "\n");
  }

  // ---------------------------------------------------------------- valid manifests

  @Test
  void readsEveryFieldOfATrainingJob() {
    Manifest manifest = read(FULL);

    assertThat(manifest.kind()).isEqualTo(ManifestKind.TRAINING_JOB);
    assertThat(manifest.labels())
        .containsExactly(Map.entry("example.com/run", "42"), Map.entry("team", "vision"));
    TrainingJob job = (TrainingJob) manifest.workload();
    assertThat(job.meta())
        .isEqualTo(
            new WorkloadMeta(
                WorkloadId.of(42),
                "gang-16",
                Tenant.of("team-a"),
                QueueName.of("team-a/research"),
                PriorityClass.nonPreemptible("high", 1000),
                1000));
    assertThat(job.devices()).isEqualTo(16);
    assertThat(job.devicesPerNode()).hasValue(8);
    assertThat(job.accelerators()).containsExactly(AcceleratorChoice.of("h100-sxm"));
    assertThat(job.topology()).contains(TopologyConstraint.preferred(Tier.SPINE));
    assertThat(job.elastic()).isEqualTo(new ElasticRange(8, 16));
    assertThat(job.estimatedSeconds()).hasValue(3600);
    assertThat(job.checkpointSeconds()).hasValue(600);
    assertThat(job.tensorParallel()).hasValue(8);
    assertThat(manifest.run())
        .isEqualTo(
            new RunSpec(
                List.of("sh", "examples/jobs/bin/train.sh", "--steps", "200"),
                Map.of("STEPS", "200", "LOG_LEVEL", "info"),
                Optional.of("/srv/jobs"),
                Optional.of("wanka-data/checkpoints/gang-16"),
                60));
  }

  @Test
  void readsABatchJobAsATaskOnAShareOfOneDevice() {
    Manifest manifest = read(BATCH_JOB);

    assertThat(manifest.kind()).isEqualTo(ManifestKind.BATCH_JOB);
    assertThat(manifest.workload())
        .isEqualTo(
            new DeviceTask(
                manifest.workload().meta(),
                DeviceAmount.share(500),
                List.of(AcceleratorChoice.of("rtx-4090")),
                OptionalLong.empty()));
    assertThat(manifest.labels()).isEmpty();
  }

  @Test
  void theTenantDefaultsToTheCallersAndTheQueueToTheTenant() {
    WorkloadMeta meta = read(BATCH_JOB).workload().meta();

    assertThat(meta.tenant()).isEqualTo(Tenant.of("default-tenant"));
    assertThat(meta.queue()).isEqualTo(QueueName.of("default-tenant"));
    assertThat(meta.priorityClass()).as("the default class").isEqualTo(CLASSES.defaults());
    assertThat(meta.id()).isEqualTo(WorkloadId.of(42));
    assertThat(meta.submitSeconds()).isEqualTo(1000);
  }

  @Test
  void runFieldsHaveDefaults() {
    RunSpec run = read(BATCH_JOB).run();

    assertThat(run.command()).containsExactly("sleep", "60");
    assertThat(run.env()).isEmpty();
    assertThat(run.workingDir()).isEmpty();
    assertThat(run.checkpointDir()).isEmpty();
    assertThat(run.terminationGraceSeconds())
        .isEqualTo(RunSpec.DEFAULT_TERMINATION_GRACE_SECONDS)
        .isEqualTo(30);
  }

  @Test
  void readsAnInferenceServiceOfReplicas() {
    Manifest manifest = read(INFERENCE_SERVICE);

    assertThat(manifest.kind()).isEqualTo(ManifestKind.INFERENCE_SERVICE);
    InferenceService service = (InferenceService) manifest.workload();
    assertThat(service.replicas()).isEqualTo(2);
    assertThat(service.perReplica()).isEqualTo(DeviceAmount.whole(1));
    assertThat(service.replicaScope()).isEqualTo(Tier.SCALE_UP_DOMAIN);
    assertThat(service.accelerators())
        .containsExactly(AcceleratorChoice.of("h20"), AcceleratorChoice.of("l20", 0.5));
    assertThat(service.tenant()).isEqualTo(Tenant.of("team-b"));
    assertThat(service.queue()).isEqualTo(QueueName.of("team-b"));
    assertThat(manifest.run().command()).containsExactly("serve", "--port", "8000");
  }

  @Test
  void commandArgumentsAndEnvValuesAreKeptExactlyAsWritten() {
    RunSpec run =
        read(full(
                    "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
                    "  command: [sh, -c, '  echo \"a  b\" ', \"\", \"007\"]")
                .replace("LOG_LEVEL: info", "BLANK: \"\", SPACED: \" x \""))
            .run();

    assertThat(run.command()).containsExactly("sh", "-c", "  echo \"a  b\" ", "", "007");
    assertThat(run.env()).containsEntry("BLANK", "").containsEntry("SPACED", " x ");
  }

  // ---------------------------------------------------------------- the examples

  static Stream<String> examples() {
    return Stream.of("single-device.yaml", "gang-16.yaml", "inference-service.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theExamplesRunOnTheWankaUpDefaults(String file) throws IOException {
    Manifest manifest =
        read(file, Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8));

    // wanka up: 4 nodes x 8 simulated H100 (catalog id h100-sxm)
    Workload workload = manifest.workload();
    assertThat(workload.request().alternatives())
        .singleElement()
        .satisfies(
            alternative -> {
              assertThat(alternative.acceleratorId()).isEqualTo("h100-sxm");
              assertThat(alternative.maxMilliDevices()).isLessThanOrEqualTo(32 * 1000L);
            });
    if (workload instanceof TrainingJob job) {
      assertThat(job.devicesPerNode().orElse(8)).isLessThanOrEqualTo(8);
    }
    String script = manifest.run().command().get(1);
    assertThat(manifest.run().command().get(0)).isEqualTo("sh");
    assertThat(Path.of("..").resolve(script)).as("run from the repository root").isRegularFile();
  }

  @Test
  void theExamplesAreOneOfEachKind() throws IOException {
    Map<ManifestKind, String> byKind =
        Map.of(
            ManifestKind.BATCH_JOB, "single-device.yaml",
            ManifestKind.TRAINING_JOB, "gang-16.yaml",
            ManifestKind.INFERENCE_SERVICE, "inference-service.yaml");
    for (Map.Entry<ManifestKind, String> example : byKind.entrySet()) {
      String text = Files.readString(EXAMPLES.resolve(example.getValue()), StandardCharsets.UTF_8);
      assertThat(read(example.getValue(), text).kind()).isEqualTo(example.getKey());
    }
    Manifest gang = read("gang-16.yaml", Files.readString(EXAMPLES.resolve("gang-16.yaml")));
    TrainingJob job = (TrainingJob) gang.workload();
    assertThat(job.devices()).isEqualTo(16);
    assertThat(job.devicesPerNode()).isEqualTo(OptionalInt.of(8));
    assertThat(gang.run().checkpointDir()).contains("wanka-data/checkpoints/gang-16");
    Manifest service =
        read(
            "inference-service.yaml", Files.readString(EXAMPLES.resolve("inference-service.yaml")));
    assertThat(((InferenceService) service.workload()).replicas()).isEqualTo(2);
    assertThat(((InferenceService) service.workload()).perReplica())
        .isEqualTo(DeviceAmount.whole(1));
  }

  // ---------------------------------------------------------------- YAML and JSON

  private static String toJson(String yaml) {
    return JsonMapper.builder()
        .build()
        .writerWithDefaultPrettyPrinter()
        .writeValueAsString(YAMLMapper.builder().build().readTree(yaml));
  }

  static Stream<String> validManifests() throws IOException {
    return Stream.concat(
        Stream.of(FULL, BATCH_JOB, INFERENCE_SERVICE), examples().map(file -> readExample(file)));
  }

  private static String readExample(String file) {
    try {
      return Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("validManifests")
  void theSameManifestAsJsonGivesAnEqualResult(String yaml) {
    String json = toJson(yaml);
    assertThat(json).startsWith("{");

    assertThat(read("job.json", json)).isEqualTo(read(yaml));
  }

  @Test
  void jsonIndentedWithTabsIsRead() {
    String json = toJson(FULL).replaceAll("(?m)^( {2})+", "\t");
    assertThat(json).contains("\n\t\"kind\"");

    assertThat(read("job.json", json)).isEqualTo(read(FULL));
  }

  @Test
  void jsonMistakesNameTheJsonLine() {
    String json =
        String.join(
            "\n",
            "{", // 1
            "\t\"apiVersion\": \"wanka/v1\",", // 2
            "\t\"kind\": \"BatchJob\",", // 3
            "\t\"metadata\": {\"name\": \"j\"},", // 4
            "\t\"spec\": {", // 5
            "\t\t\"accelerators\": [\"h100-sxm\"],", // 6
            "\t\t\"command\": [\"sh\", 5],", // 7
            "\t\t\"env\": {\"CUDA_VISIBLE_DEVICES\": \"0\"}", // 8
            "\t}", // 9
            "}");

    assertThat(problems(json))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:7:21: spec.command[1]: '5' is not allowed: must be text; write it in quotes"
                + " (\"5\") to pass it as written",
            "job.yaml:8:11: spec.env.CUDA_VISIBLE_DEVICES: 'CUDA_VISIBLE_DEVICES' is not"
                + " allowed: the control plane sets it for each task (the agent sets the vendor's"
                + " visibility variable to the devices the task holds); a job may not set"
                + " WANKA_*, MASTER_ADDR, MASTER_PORT, WORLD_SIZE, NNODES, NODE_RANK,"
                + " NPROC_PER_NODE, RANK, LOCAL_RANK, *_VISIBLE_DEVICES");
  }

  @Test
  void brokenJsonIsASyntaxErrorAtItsLine() {
    List<SpecProblem> problems =
        problems("{\n  \"apiVersion\": \"wanka/v1\"\n  \"kind\": \"BatchJob\"\n}\n");

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEmpty();
    assertThat(problems.get(0).at().line()).isEqualTo(3);
    assertThat(problems.get(0).message()).startsWith("not valid YAML").contains("expected ','");
  }

  // ---------------------------------------------------------------- malformed manifests

  /**
   * One mistake each, made in {@link #FULL} by replacing {@code line} (a whole line, or several)
   * with {@code replacement}: exactly one problem, at {@code at} (line), on {@code field}, whose
   * message names the bad value and what is allowed.
   */
  static Stream<Arguments> mistakes() {
    return Stream.of(
        arguments(
            "apiVersion: wanka/v1",
            "",
            1,
            "apiVersion",
            List.of("missing field: must be wanka/v1")),
        arguments(
            "apiVersion: wanka/v1",
            "apiVersion: wanka/v2",
            1,
            "apiVersion",
            List.of("'wanka/v2' is not allowed: must be wanka/v1")),
        arguments(
            "kind: TrainingJob",
            "",
            1,
            "kind",
            List.of("missing field: must be one of TrainingJob, InferenceService, BatchJob")),
        arguments(
            "kind: TrainingJob",
            "kind: trainingjob",
            2,
            "kind",
            List.of(
                "'trainingjob' is not allowed: must be one of TrainingJob, InferenceService,"
                    + " BatchJob (as written)",
                "did you mean 'TrainingJob'?")),
        arguments(
            "kind: TrainingJob",
            "kind: training",
            2,
            "kind",
            List.of("'training' is not allowed", "did you mean 'TrainingJob'? (kind training")),
        arguments(
            "kind: TrainingJob",
            "kind: [TrainingJob]",
            2,
            "kind",
            List.of("a list is not allowed: must be a non-empty text")),
        arguments(
            "status: {}",
            "",
            0,
            "status",
            List.of("unknown field; allowed here: apiVersion, kind, metadata, spec")),
        arguments(
            "  name: gang-16",
            "  name: Gang 16",
            4,
            "metadata.name",
            List.of("'Gang 16' is not allowed: must be a slug of lower-case letters")),
        arguments(
            "  name: gang-16", "", 4, "metadata.name", List.of("missing field: must be a slug")),
        arguments(
            "  tenant: team-a",
            "  tenant: Team_A",
            5,
            "metadata.tenant",
            List.of("'Team_A' is not allowed: must be a slug")),
        arguments(
            "  queue: team-a/research",
            "  queue: team-a//research",
            6,
            "metadata.queue",
            List.of("'team-a//research' is not allowed", "slugs", "joined by '/'")),
        arguments(
            "  queue: team-a/research",
            "  namespace: team-a",
            6,
            "metadata.namespace",
            List.of("unknown field; allowed here: name, tenant, queue, labels")),
        arguments(
            "    team: vision",
            "    \"Team Vision\": yes",
            8,
            "metadata.labels.Team Vision",
            List.of(
                "'Team Vision' is not allowed: a label key is a name of at most 63 characters")),
        arguments(
            "    team: vision",
            "    team: 7",
            8,
            "metadata.labels.team",
            List.of("'7' is not allowed: must be text; write it in quotes (\"7\")")),
        arguments(
            "    team: vision",
            "    team: " + "v".repeat(64),
            8,
            "metadata.labels.team",
            List.of("is not allowed: a label value is empty or at most 63 characters")),
        arguments(
            "  labels:\n    team: vision\n    example.com/run: \"42\"",
            "  labels: [team]",
            7,
            "metadata.labels",
            List.of("a list is not allowed: must be a map of label keys to texts")),
        arguments(
            "metadata:\n  name: gang-16\n  tenant: team-a\n  queue: team-a/research\n  labels:\n"
                + "    team: vision\n    example.com/run: \"42\"",
            "metadata: gang-16",
            3,
            "metadata",
            List.of(
                "'gang-16' is not allowed: must be a map with the fields name, tenant, queue,"
                    + " labels")),
        arguments(
            "apiVersion: wanka/v1",
            "apiVersion: wanka/v1\nname: gang-16",
            2,
            "name",
            List.of("is not allowed at the top level: put it under metadata:")),
        arguments(
            "apiVersion: wanka/v1",
            "apiVersion: wanka/v1\ndevices: 16",
            2,
            "devices",
            List.of("is not allowed at the top level: put it under spec:")),
        arguments(
            "  priority: high",
            "  priority: hihg",
            11,
            "spec.priority",
            List.of(
                "'hihg' is not allowed: must be one of the priority classes low, normal, high",
                "did you mean 'high'?")),
        arguments(
            "  devices: 16",
            "  devices: 0",
            12,
            "spec.devices",
            List.of("'0' is not allowed: must be a whole number from 1 to 4000000")),
        arguments(
            "  devicesPerNode: 8",
            "  devicesPerNode: 129",
            13,
            "spec.devicesPerNode",
            List.of("'129' is not allowed: must be a whole number from 1 to 128")),
        arguments(
            "  accelerators: [h100-sxm]",
            "  accelerators: [h100-sxn]",
            14,
            "spec.accelerators[0]",
            List.of("'h100-sxn' is not in the accelerator catalog", "did you mean 'h100-sxm'?")),
        arguments(
            "  topology: {scope: spine}",
            "  topology: {scope: rack}",
            15,
            "spec.topology.scope",
            List.of("'rack' is not allowed: must be one of node, domain, leaf, spine")),
        arguments(
            "  elastic: {min: 8}",
            "  elastic: {min: 24}",
            16,
            "spec.elastic.min",
            List.of("'24' is not allowed: must be at most elastic.max (16)")),
        arguments(
            "  tensorParallel: 8",
            "  tensorParalel: 8",
            19,
            "spec.tensorParalel",
            List.of(
                "unknown field; allowed here: priority, devices",
                "did you mean 'tensorParallel'?")),
        arguments(
            "  tensorParallel: 8",
            "  replicas: 2",
            19,
            "spec.replicas",
            List.of(
                "is only allowed with kind: InferenceService; kind TrainingJob takes devices,"
                    + " devicesPerNode")),
        arguments(
            "  tensorParallel: 8",
            "  cpu: 2",
            19,
            "spec.cpu",
            List.of("unknown field; allowed here: priority, devices")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "",
            11,
            "spec.command",
            List.of("missing field: must be a non-empty list: the program and its arguments")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "  command: sh train.sh",
            20,
            "spec.command",
            List.of("'sh train.sh' is not allowed: must be a non-empty list", "without a shell")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "  command: []",
            20,
            "spec.command",
            List.of("an empty list is not allowed: name the program to run first")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "  command: [sh, train.sh, --steps, 200]",
            20,
            "spec.command[3]",
            List.of("'200' is not allowed: must be text; write it in quotes (\"200\")")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "  command: [\" \", train.sh]",
            20,
            "spec.command[0]",
            List.of("' ' is not allowed: the first item is the program to run")),
        arguments(
            "  command: [sh, examples/jobs/bin/train.sh, --steps, \"200\"]",
            "  command: [sh, {file: train.sh}]",
            20,
            "spec.command[1]",
            List.of("a map is not allowed: must be text")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {CUDA_VISIBLE_DEVICES: \"0\"}",
            21,
            "spec.env.CUDA_VISIBLE_DEVICES",
            List.of(
                "'CUDA_VISIBLE_DEVICES' is not allowed: the control plane sets it",
                RunSpec.RESERVED_ENV)),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {ASCEND_RT_VISIBLE_DEVICES: \"0\"}",
            21,
            "spec.env.ASCEND_RT_VISIBLE_DEVICES",
            List.of("'ASCEND_RT_VISIBLE_DEVICES' is not allowed: the control plane sets it")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {WANKA_ATTEMPT: \"1\"}",
            21,
            "spec.env.WANKA_ATTEMPT",
            List.of("'WANKA_ATTEMPT' is not allowed: the control plane sets it")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {MASTER_PORT: \"29500\"}",
            21,
            "spec.env.MASTER_PORT",
            List.of("'MASTER_PORT' is not allowed: the control plane sets it")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {LOCAL_RANK: \"0\"}",
            21,
            "spec.env.LOCAL_RANK",
            List.of("'LOCAL_RANK' is not allowed: the control plane sets it")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {9LIVES: \"yes\"}",
            21,
            "spec.env.9LIVES",
            List.of(
                "'9LIVES' is not allowed: a variable name is letters, digits and '_', not starting"
                    + " with a digit")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {STEPS: 200}",
            21,
            "spec.env.STEPS",
            List.of("'200' is not allowed: must be text; write it in quotes (\"200\")")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: {STEPS: }",
            21,
            "spec.env.STEPS",
            List.of("empty is not allowed: must be text; write \"\" for an empty text")),
        arguments(
            "  env: {STEPS: \"200\", LOG_LEVEL: info}",
            "  env: [STEPS=200]",
            21,
            "spec.env",
            List.of("a list is not allowed: must be a map of variable names to texts")),
        arguments(
            "  workingDir: /srv/jobs",
            "  workingDir: \"\"",
            22,
            "spec.workingDir",
            List.of("'' is not allowed: must be a non-empty path")),
        arguments(
            "  checkpoint:\n    dir: wanka-data/checkpoints/gang-16",
            "  checkpoint: {}",
            23,
            "spec.checkpoint.dir",
            List.of("missing field: must be the directory the job keeps its checkpoints in")),
        arguments(
            "  checkpoint:\n    dir: wanka-data/checkpoints/gang-16",
            "  checkpoint: wanka-data/checkpoints/gang-16",
            23,
            "spec.checkpoint",
            List.of("is not allowed: must be a map with the fields dir")),
        arguments(
            "    dir: wanka-data/checkpoints/gang-16",
            "    dir: ckpt\n    everySteps: 10",
            25,
            "spec.checkpoint.everySteps",
            List.of("unknown field; allowed here: dir")),
        arguments(
            "  terminationGraceSeconds: 60",
            "  terminationGraceSeconds: 3601",
            25,
            "spec.terminationGraceSeconds",
            List.of("'3601' is not allowed: must be a whole number from 0 to 3600")),
        arguments(
            "  terminationGraceSeconds: 60",
            "  terminationGraceSeconds: \"60\"",
            25,
            "spec.terminationGraceSeconds",
            List.of("must be a whole number from 0 to 3600", "without quotes")),
        arguments(
            "  terminationGraceSeconds: 60",
            "  terminationGraceSeconds: 60\n  devices: 8",
            26,
            "spec.devices",
            List.of("duplicate key: already given at line 12")));
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("mistakes")
  void eachMistakeIsReportedWithItsPathLineAndWhatIsAllowed(
      String line, String replacement, int at, String field, List<String> parts) {
    String text = line.equals("status: {}") ? FULL + "status: {}\n" : full(line, replacement);
    int expectedLine = line.equals("status: {}") ? 26 : at;

    List<SpecProblem> problems = problems(text);

    assertThat(problems).as(problems.toString()).hasSize(1);
    SpecProblem problem = problems.get(0);
    assertThat(problem.at().source()).isEqualTo("job.yaml");
    assertThat(problem.at().line()).as(problem.format()).isEqualTo(expectedLine);
    assertThat(problem.at().column()).as(problem.format()).isPositive();
    assertThat(problem.field()).as(problem.format()).isEqualTo(field);
    assertThat(problem.message()).contains(parts);
  }

  @Test
  void aFieldOfAnotherKindNamesTheKindThatTakesIt() {
    List<SpecProblem> problems =
        problems(BATCH_JOB.replace("  devices: 0.5\n", "  replicas: 2\n  devicesPerNode: 8\n"));

    assertThat(problems)
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:5:3: spec.replicas: is only allowed with kind: InferenceService; kind"
                + " BatchJob takes devices, accelerators, estimatedSeconds",
            "job.yaml:6:3: spec.devicesPerNode: is only allowed with kind: TrainingJob; kind"
                + " BatchJob takes devices, accelerators, estimatedSeconds");
  }

  @Test
  void theKindsRulesApplyInSpec() {
    assertThat(problems(full("  devicesPerNode: 8", "  devicesPerNode: 3")))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:12:12: spec.devices: '16' is not allowed: must be a multiple of"
                + " devicesPerNode (3)",
            "job.yaml:16:18: spec.elastic.min: '8' is not allowed: must be a multiple of"
                + " devicesPerNode (3)",
            "job.yaml:19:19: spec.tensorParallel: '8' is not allowed with devicesPerNode 3: one"
                + " must divide the other, so that each tensor-parallel group fills whole nodes or"
                + " shares one evenly");
    assertThat(problems(BATCH_JOB.replace("devices: 0.5", "devices: 2")))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:5:12: spec.devices: '2' is not allowed: must be 1, or a share of one device"
                + " from 0.001 to 0.999 (e.g. 0.25)");
    assertThat(problems(INFERENCE_SERVICE.replace("  replicas: 2\n", "")))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:5:3: spec.replicas: missing field: must be a whole number from 1 to 100000");
  }

  @Test
  void everyMistakeIsReportedAtOnceInFileOrder() {
    String text =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: TrainingJob",
            "metadata: {name: Big}",
            "spec:",
            "  devices: 0",
            "  accelerators: [nope]",
            "  command: [python, 3]",
            "  env: {RANK: \"0\"}",
            "  colour: blue",
            "");

    assertThat(problems(text))
        .extracting(SpecProblem::field, p -> p.at().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("apiVersion", 1),
            org.assertj.core.groups.Tuple.tuple("metadata.name", 3),
            org.assertj.core.groups.Tuple.tuple("spec.devices", 5),
            org.assertj.core.groups.Tuple.tuple("spec.accelerators[0]", 6),
            org.assertj.core.groups.Tuple.tuple("spec.command[1]", 7),
            org.assertj.core.groups.Tuple.tuple("spec.env.RANK", 8),
            org.assertj.core.groups.Tuple.tuple("spec.colour", 9));
  }

  @Test
  void anUnknownKindStillChecksMetadataAndHowToRun() {
    String text =
        full("kind: TrainingJob", "kind: Deployment").replace("  name: gang-16", "  name: X");

    assertThat(problems(text))
        .extracting(SpecProblem::field)
        .containsExactly("kind", "metadata.name");
  }

  @Test
  void aFlatFormatWorkloadIsToldWhereItsFieldsGo() {
    String flat =
        String.join(
            "\n",
            "kind: training",
            "name: llama",
            "tenant: team-a",
            "devices: 16",
            "accelerators: [h100]",
            "");

    assertThat(problems(flat))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:1:1: apiVersion: missing field: must be wanka/v1",
            "job.yaml:1:1: metadata: missing field: must be a map with the fields name, tenant,"
                + " queue, labels",
            "job.yaml:1:1: spec: missing field: must be a map with the fields priority, devices,"
                + " devicesPerNode, accelerators, topology, elastic, estimatedSeconds,"
                + " checkpointSeconds, tensorParallel, replicas, placement, command, env,"
                + " workingDir, checkpoint, terminationGraceSeconds",
            "job.yaml:1:7: kind: 'training' is not allowed: must be one of TrainingJob,"
                + " InferenceService, BatchJob (as written); did you mean 'TrainingJob'? (kind"
                + " training of the flat format)",
            "job.yaml:2:1: name: is not allowed at the top level: put it under metadata: (the top"
                + " level holds apiVersion, kind, metadata, spec)",
            "job.yaml:3:1: tenant: is not allowed at the top level: put it under metadata: (the"
                + " top level holds apiVersion, kind, metadata, spec)",
            "job.yaml:4:1: devices: is not allowed at the top level: put it under spec: (the top"
                + " level holds apiVersion, kind, metadata, spec)",
            "job.yaml:5:1: accelerators: is not allowed at the top level: put it under spec: (the"
                + " top level holds apiVersion, kind, metadata, spec)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n", "# only a comment\n"})
  void anEmptyDocumentIsReported(String text) {
    assertThat(problems(text))
        .extracting(SpecProblem::format)
        .containsExactly("job.yaml: the document is empty");
  }

  @Test
  void aDocumentThatIsNotAMapIsReported() {
    assertThat(problems("- apiVersion: wanka/v1\n- kind: BatchJob\n"))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:1:1: a list is not allowed: must be a map with the fields apiVersion, kind,"
                + " metadata, spec");
    assertThat(problems("[]"))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:1:1: a list is not allowed: must be a map with the fields apiVersion, kind,"
                + " metadata, spec");
    assertThat(problems("just text\n"))
        .extracting(SpecProblem::format)
        .containsExactly(
            "job.yaml:1:1: 'just text' is not allowed: must be a map with the fields apiVersion,"
                + " kind, metadata, spec");
  }

  @Test
  void twoDocumentsAreRefused() {
    assertThat(problems(BATCH_JOB + "---\n" + INFERENCE_SERVICE))
        .extracting(SpecProblem::message)
        .containsExactly("the file holds more than one YAML document; put everything in one");
  }

  @Test
  void theDefaultTenantMustBeASlug() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ManifestReader.read(
                    "job.yaml", BATCH_JOB, CATALOG, CLASSES, WorkloadId.of(1), 0, "Team A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultTenant: 'Team A' is not allowed");
  }
}
