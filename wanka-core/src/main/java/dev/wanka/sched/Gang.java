package dev.wanka.sched;

import dev.wanka.topology.Tier;
import dev.wanka.workload.AcceleratorChoice;
import dev.wanka.workload.CpuTask;
import dev.wanka.workload.DeviceAmount;
import dev.wanka.workload.DeviceTask;
import dev.wanka.workload.InferenceService;
import dev.wanka.workload.TopologyConstraint;
import dev.wanka.workload.TrainingJob;
import dev.wanka.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the scheduler places as one all-or-nothing unit, derived from a {@link Workload}: a training
 * job is one gang; an inference service is one gang per replica (replicas are placed
 * independently); a task is a gang of one device or of a share of one.
 *
 * @param sizes the device counts it may start with, largest first (one entry unless elastic; see
 *     {@link #elasticSizes})
 * @param milliPerDevice 1000 for whole devices, less for a share of one device
 * @param perNode devices it must take on each node it uses, when the workload says so
 * @param widest the widest tier all its devices must lie within ({@link Tier#CORE}: anywhere)
 * @param preferred the tier it would like its devices within, when it states a preference
 * @param tensorParallel devices per tensor-parallel group, to keep inside one scale-up domain
 */
public record Gang(
    GangId id,
    Workload workload,
    List<AcceleratorChoice> accelerators,
    List<Integer> sizes,
    int milliPerDevice,
    OptionalInt perNode,
    Tier widest,
    Optional<Tier> preferred,
    OptionalInt tensorParallel,
    OptionalLong estimatedSeconds,
    OptionalLong checkpointSeconds) {

  public Gang {
    accelerators = List.copyOf(accelerators);
    sizes = List.copyOf(sizes);
  }

  /** The gangs of one workload: one, or one per replica of a service. */
  public static List<Gang> of(Workload workload) {
    if (workload instanceof TrainingJob) {
      return List.of(training((TrainingJob) workload));
    }
    if (workload instanceof InferenceService) {
      InferenceService service = (InferenceService) workload;
      List<Gang> replicas = new ArrayList<>(service.replicas());
      for (int r = 0; r < service.replicas(); r++) {
        replicas.add(replica(service, r));
      }
      return replicas;
    }
    if (workload instanceof DeviceTask) {
      DeviceTask task = (DeviceTask) workload;
      return List.of(
          new Gang(
              GangId.of(task.id()),
              task,
              task.accelerators(),
              List.of(1),
              (int) Math.min(DeviceAmount.MILLI, task.amount().milliDevices()),
              OptionalInt.empty(),
              Tier.NODE,
              Optional.empty(),
              OptionalInt.empty(),
              task.estimatedSeconds(),
              OptionalLong.empty()));
    }
    CpuTask task = (CpuTask) workload;
    return List.of(
        new Gang(
            GangId.of(task.id()),
            task,
            List.of(),
            List.of(),
            0,
            OptionalInt.empty(),
            Tier.NODE,
            Optional.empty(),
            OptionalInt.empty(),
            task.estimatedSeconds(),
            OptionalLong.empty()));
  }

  private static Gang training(TrainingJob job) {
    List<Integer> sizes = job.isElastic() ? elasticSizes(job) : List.of(job.devices());
    Tier widest =
        job.topology()
            .filter(TopologyConstraint::isRequired)
            .map(TopologyConstraint::scope)
            .orElse(Tier.CORE);
    Optional<Tier> preferred =
        job.topology().filter(t -> !t.isRequired()).map(TopologyConstraint::scope);
    return new Gang(
        GangId.of(job.id()),
        job,
        job.accelerators(),
        sizes,
        (int) DeviceAmount.MILLI,
        job.devicesPerNode(),
        widest,
        preferred,
        job.tensorParallel(),
        job.estimatedSeconds(),
        job.checkpointSeconds());
  }

  /**
   * The sizes an elastic job may start with, largest first: its max, then halving (rounded down to
   * whole groups of devices per node and tensor parallelism) while above its min, then its min.
   * About log2(max / min) sizes, so a cycle tries a handful, not every size.
   */
  static List<Integer> elasticSizes(TrainingJob job) {
    int granule = lcm(job.devicesPerNode().orElse(1), job.tensorParallel().orElse(1));
    int min = job.elastic().min();
    List<Integer> sizes = new ArrayList<>();
    for (int size = job.elastic().max(); size > min; size = size / 2 / granule * granule) {
      sizes.add(size);
    }
    sizes.add(min);
    return sizes;
  }

  private static int lcm(int a, int b) {
    int x = a;
    int y = b;
    while (y != 0) {
      int t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }

  private static Gang replica(InferenceService service, int replica) {
    DeviceAmount amount = service.perReplica();
    return new Gang(
        new GangId(service.id(), replica),
        service,
        service.accelerators(),
        List.of((int) Math.max(1, amount.wholeDevices())),
        (int) Math.min(DeviceAmount.MILLI, amount.milliDevices()),
        OptionalInt.empty(),
        service.replicaScope(),
        Optional.empty(),
        OptionalInt.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** Whether it needs accelerators at all (a CPU-only task does not). */
  public boolean needsDevices() {
    return !sizes.isEmpty();
  }

  /** Whether it takes a share of one device rather than whole devices. */
  public boolean isShare() {
    return milliPerDevice < DeviceAmount.MILLI;
  }

  public int maxDevices() {
    return sizes.isEmpty() ? 0 : sizes.get(0);
  }

  public int priority() {
    return workload.priorityClass().priority();
  }

  public boolean isPreemptible() {
    return workload.priorityClass().preemptible();
  }

  /** Seconds a preempted gang gets to checkpoint and exit (0: stopped at once). */
  public long graceSeconds() {
    return workload.priorityClass().gracePeriodSeconds().orElse(0);
  }

  public String queue() {
    return workload.queue().path();
  }

  public String tenant() {
    return workload.tenant().name();
  }
}
