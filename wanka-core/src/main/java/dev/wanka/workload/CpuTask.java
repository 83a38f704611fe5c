package dev.wanka.workload;

import java.util.OptionalLong;

/**
 * A task that needs no accelerator.
 *
 * @param cpuMilli thousandths of a CPU core (500 = half a core)
 * @param memoryMiB memory in MiB
 */
public record CpuTask(
    WorkloadMeta meta, long cpuMilli, long memoryMiB, OptionalLong estimatedSeconds)
    implements Workload {
  /** 4096 cores: more than any single node holds. */
  public static final long MAX_CPU_MILLI = 4096 * 1000L;

  /** 64 TiB. */
  public static final long MAX_MEMORY_MIB = 64L * 1024 * 1024;

  public CpuTask {
    Checks.present("meta", meta);
    Checks.range("cpuMilli", cpuMilli, 1, MAX_CPU_MILLI);
    Checks.range("memoryMiB", memoryMiB, 1, MAX_MEMORY_MIB);
    Checks.present("estimatedSeconds", estimatedSeconds);
    estimatedSeconds.ifPresent(
        s -> Checks.range("estimatedSeconds", s, 1, TrainingJob.MAX_SECONDS));
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.CPU;
  }

  @Override
  public ResourceRequest request() {
    return new ResourceRequest(java.util.List.of(), cpuMilli, memoryMiB);
  }
}
