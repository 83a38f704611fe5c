package dev.wanka.topology;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A cluster as written in its compact YAML: a fabric, pools of identical nodes, optional prices and
 * PUE. {@link Cluster#build(ClusterSpec)} turns it into the device-level model.
 */
public record ClusterSpec(
    String name,
    Optional<String> description,
    FabricSpec fabric,
    List<PoolSpec> pools,
    Optional<Prices> prices,
    OptionalDouble pue) {

  public ClusterSpec {
    pools = List.copyOf(pools);
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one pool");
    }
  }

  public long devices() {
    return pools.stream().mapToLong(PoolSpec::devices).sum();
  }
}
