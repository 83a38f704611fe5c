package dev.wanka.api;

import java.util.List;

/**
 * The devices a running job holds on one node.
 *
 * @param nodeRank the node's rank in the gang (NODE_RANK); 0 holds MASTER_ADDR
 * @param leaf the leaf switch group the node sits under
 * @param spine the spine group over that leaf
 */
public record Placement(String node, int nodeRank, List<Integer> devices, int leaf, int spine) {
  public Placement {
    devices = List.copyOf(devices);
  }
}
