package dev.wanka.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kind:} of a manifest, spelt as Kubernetes spells kinds, and the {@link WorkloadKind}
 * the scheduler places it as.
 */
public enum ManifestKind {
  /** A training gang: all its tasks start together or none do. */
  TRAINING_JOB("TrainingJob", WorkloadKind.TRAINING),
  /** Independent replicas that run until stopped. */
  INFERENCE_SERVICE("InferenceService", WorkloadKind.INFERENCE),
  /** One task on one device, or on a share of one. */
  BATCH_JOB("BatchJob", WorkloadKind.TASK);

  private final String kindName;
  private final WorkloadKind workloadKind;

  ManifestKind(String kindName, WorkloadKind workloadKind) {
    this.kindName = kindName;
    this.workloadKind = workloadKind;
  }

  /** As written in {@code kind:} and shown by the API: {@code TrainingJob}. */
  public String kindName() {
    return kindName;
  }

  public WorkloadKind workloadKind() {
    return workloadKind;
  }

  /** The kind spelt exactly {@code name} (kinds are case-sensitive, as in Kubernetes). */
  public static Optional<ManifestKind> of(String name) {
    return Arrays.stream(values()).filter(k -> k.kindName.equals(name)).findFirst();
  }

  /** The manifest kind that a flat-format kind corresponds to; none for {@code cpu}. */
  public static Optional<ManifestKind> of(WorkloadKind kind) {
    return Arrays.stream(values()).filter(k -> k.workloadKind == kind).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(ManifestKind::kindName).toList();
  }

  @Override
  public String toString() {
    return kindName;
  }
}
