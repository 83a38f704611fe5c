package dev.wanka.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest records check themselves as the reader checks the file. */
class ManifestModelTest {
  private static final Workload TASK =
      new DeviceTask(
          new WorkloadMeta(
              WorkloadId.of(1),
              "job",
              Tenant.of("team-a"),
              QueueName.of("team-a"),
              PriorityClass.preemptible("normal", 0, 30),
              0),
          DeviceAmount.whole(1),
          List.of(AcceleratorChoice.of("h100-sxm")),
          java.util.OptionalLong.empty());

  private static RunSpec run(List<String> command, Map<String, String> env, int grace) {
    return new RunSpec(command, env, Optional.empty(), Optional.empty(), grace);
  }

  @Test
  void eachKindIsAWorkloadKindAndIsFoundOnlyAsWritten() {
    assertThat(ManifestKind.names()).containsExactly("TrainingJob", "InferenceService", "BatchJob");
    assertThat(ManifestKind.BATCH_JOB.workloadKind()).isEqualTo(WorkloadKind.TASK);
    assertThat(ManifestKind.of("InferenceService")).contains(ManifestKind.INFERENCE_SERVICE);
    assertThat(ManifestKind.of("inferenceservice")).isEmpty();
    assertThat(ManifestKind.of(WorkloadKind.TRAINING)).contains(ManifestKind.TRAINING_JOB);
    assertThat(ManifestKind.of(WorkloadKind.CPU)).as("no manifest runs a cpu task").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "WANKA_JOB_ID",
        "WANKA_CHECKPOINT_DIR",
        "MASTER_ADDR",
        "MASTER_PORT",
        "WORLD_SIZE",
        "NNODES",
        "NODE_RANK",
        "NPROC_PER_NODE",
        "RANK",
        "LOCAL_RANK",
        "CUDA_VISIBLE_DEVICES",
        "ASCEND_RT_VISIBLE_DEVICES",
        "MUSA_VISIBLE_DEVICES",
        "MLU_VISIBLE_DEVICES"
      })
  void variablesTheControlPlaneSetsAreRefused(String name) {
    assertThat(RunSpec.envNameProblem(name))
        .hasValueSatisfying(p -> assertThat(p).contains("control plane"));
    assertThatThrownBy(() -> run(List.of("sh"), Map.of(name, "x"), 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("env." + name + ": '" + name + "' is not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"STEPS", "_private", "PYTHONUNBUFFERED", "rank", "WANKA", "NCCL_DEBUG"})
  void otherShellStyleNamesAreAllowed(String name) {
    assertThat(RunSpec.envNameProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1ST", "A-B", "A.B", "A B", "É"})
  void namesThatAreNotShellStyleAreRefused(String name) {
    assertThat(RunSpec.envNameProblem(name))
        .hasValueSatisfying(p -> assertThat(p).contains("a variable name is letters"));
  }

  @Test
  void aRunSpecNeedsAProgramAndAGraceInRange() {
    assertThatThrownBy(() -> run(List.of(), Map.of(), 30))
        .hasMessageContaining("command: [] is not allowed: must name a program first");
    assertThatThrownBy(() -> run(List.of("sh"), Map.of(), 3601))
        .hasMessageContaining(
            "terminationGraceSeconds: 3601 is not allowed: must be from 0 to 3600");
    assertThatThrownBy(
            () -> new RunSpec(List.of("sh"), Map.of(), Optional.of(" "), Optional.empty(), 0))
        .hasMessageContaining("workingDir: an empty path is not allowed");
  }

  @Test
  void envIsSortedByName() {
    assertThat(run(List.of("sh"), Map.of("B", "2", "A", "1"), 0).env().keySet())
        .containsExactly("A", "B");
  }

  @ParameterizedTest
  @ValueSource(strings = {"team", "example.com/team", "a.b_c-d", "x"})
  void kubernetesStyleLabelKeysAreAllowed(String key) {
    assertThat(Manifest.labelKeyProblem(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-team", "team-", "Example.com/team", "a/b/c", "/team", "a b"})
  void otherLabelKeysAreRefused(String key) {
    assertThat(Manifest.labelKeyProblem(key))
        .hasValueSatisfying(p -> assertThat(p).contains("a label key is a name"));
  }

  @Test
  void labelKeyNamesAndValuesHoldAtMost63Characters() {
    assertThat(Manifest.labelKeyProblem("k".repeat(63))).isEmpty();
    assertThat(Manifest.labelKeyProblem("k".repeat(64))).isPresent();
    assertThat(Manifest.labelValueProblem("v".repeat(63))).isEmpty();
    assertThat(Manifest.labelValueProblem("v".repeat(64))).isPresent();
    assertThat(Manifest.labelValueProblem("")).isEmpty();
  }

  @Test
  void aManifestsKindMatchesItsWorkloadAndItsLabelsAreChecked() {
    RunSpec run = run(List.of("sh"), Map.of(), 30);

    assertThat(new Manifest(ManifestKind.BATCH_JOB, TASK, run, Map.of("b", "2", "a", "1")).labels())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThatThrownBy(() -> new Manifest(ManifestKind.TRAINING_JOB, TASK, run, Map.of()))
        .hasMessageContaining("kind: TrainingJob is not allowed for a workload of kind task");
    assertThatThrownBy(() -> new Manifest(ManifestKind.BATCH_JOB, TASK, run, Map.of("a b", "1")))
        .hasMessageStartingWith("labels: 'a b' is not allowed");
    assertThatThrownBy(() -> new Manifest(ManifestKind.BATCH_JOB, TASK, run, Map.of("a", "x y")))
        .hasMessageStartingWith("labels: 'x y' is not allowed");
  }
}
