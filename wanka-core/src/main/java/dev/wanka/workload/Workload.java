package dev.wanka.workload;

/**
 * A unit of work the scheduler places: a {@link TrainingJob} gang, an {@link InferenceService}, a
 * single-device {@link DeviceTask} or a {@link CpuTask}. Immutable; every variant checks itself in
 * its constructor. Read from YAML with {@link WorkloadReader}.
 */
public sealed interface Workload permits TrainingJob, InferenceService, DeviceTask, CpuTask {

  WorkloadMeta meta();

  WorkloadKind kind();

  /** Devices per acceptable accelerator type, and CPU / memory; see {@link ResourceRequest}. */
  ResourceRequest request();

  default WorkloadId id() {
    return meta().id();
  }

  default String name() {
    return meta().name();
  }

  default Tenant tenant() {
    return meta().tenant();
  }

  default QueueName queue() {
    return meta().queue();
  }

  default PriorityClass priorityClass() {
    return meta().priorityClass();
  }

  default long submitSeconds() {
    return meta().submitSeconds();
  }
}
