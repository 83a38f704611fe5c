package dev.wanka.workload;

import java.util.List;
import java.util.OptionalLong;

/** A task on one device, or on a share of one (e.g. 0.25 of a GPU for a notebook). */
public record DeviceTask(
    WorkloadMeta meta,
    DeviceAmount amount,
    List<AcceleratorChoice> accelerators,
    OptionalLong estimatedSeconds)
    implements Workload {
  public DeviceTask {
    Checks.present("meta", meta);
    Checks.present("devices", amount);
    if (amount.milliDevices() > DeviceAmount.MILLI) {
      throw new IllegalArgumentException(
          "devices: "
              + amount
              + " is not allowed: a task uses one device or a share of one; use kind training"
              + " for more");
    }
    accelerators = Accelerators.check(Checks.present("accelerators", accelerators));
    Checks.present("estimatedSeconds", estimatedSeconds);
    estimatedSeconds.ifPresent(
        s -> Checks.range("estimatedSeconds", s, 1, TrainingJob.MAX_SECONDS));
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.TASK;
  }

  @Override
  public ResourceRequest request() {
    long milli = amount.milliDevices();
    return new ResourceRequest(Accelerators.alternatives(accelerators, milli, milli), 0, 0);
  }
}
