package dev.wanka.workload;

import dev.wanka.topology.Tier;
import java.util.List;

/**
 * A serving deployment: {@code replicas} identical replicas, each of {@code perReplica} devices
 * (whole devices, or a share of one device), each replica inside one {@code replicaScope} (a node
 * or a scale-up domain). Replicas are placed independently; there is no gang across them.
 */
public record InferenceService(
    WorkloadMeta meta,
    int replicas,
    DeviceAmount perReplica,
    Tier replicaScope,
    List<AcceleratorChoice> accelerators)
    implements Workload {
  public static final int MAX_REPLICAS = 100_000;

  /** A replica's devices sit in one scale-up domain at most; the largest today hold 576 chips. */
  public static final int MAX_DEVICES_PER_REPLICA = 1024;

  public InferenceService {
    Checks.present("meta", meta);
    Checks.range("replicas", replicas, 1, MAX_REPLICAS);
    Checks.present("devices", perReplica);
    Checks.range("devices", perReplica.wholeDevices(), 0, MAX_DEVICES_PER_REPLICA);
    Checks.present("placement", replicaScope);
    if (replicaScope != Tier.NODE && replicaScope != Tier.SCALE_UP_DOMAIN) {
      throw new IllegalArgumentException(
          "placement: '"
              + replicaScope.keyword()
              + "' is not allowed: a replica sits on one node or one scale-up domain");
    }
    accelerators = Accelerators.check(Checks.present("accelerators", accelerators));
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.INFERENCE;
  }

  /** Each accepted type, {@code replicas x perReplica} devices. */
  @Override
  public ResourceRequest request() {
    long total = replicas * perReplica.milliDevices();
    return new ResourceRequest(Accelerators.alternatives(accelerators, total, total), 0, 0);
  }
}
