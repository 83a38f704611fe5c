package dev.wanka.workload;

import java.util.List;
import java.util.Optional;

/**
 * What a workload asks for, summarized for quota, fair share and "does it fit anywhere": the device
 * alternatives (one per acceptable accelerator type, in the user's order of preference; any one of
 * them satisfies it) and CPU and memory (for CPU-only tasks; 0 otherwise).
 */
public record ResourceRequest(List<DeviceAlternative> alternatives, long cpuMilli, long memoryMiB) {
  public ResourceRequest {
    alternatives = List.copyOf(alternatives);
    Checks.range("cpuMilli", cpuMilli, 0, Long.MAX_VALUE);
    Checks.range("memoryMiB", memoryMiB, 0, Long.MAX_VALUE);
    if (alternatives.isEmpty() && cpuMilli == 0) {
      throw new IllegalArgumentException(
          "request: asks for nothing; give at least one device alternative or some CPU");
    }
  }

  public boolean needsDevices() {
    return !alternatives.isEmpty();
  }

  public Optional<DeviceAlternative> forType(String acceleratorId) {
    return alternatives.stream().filter(a -> a.acceleratorId().equals(acceleratorId)).findFirst();
  }

  public List<String> acceleratorIds() {
    return alternatives.stream().map(DeviceAlternative::acceleratorId).toList();
  }
}
