package dev.wanka.topology;

/**
 * The scale-out fabric shared by every pool.
 *
 * @param tiers 2 (leaf, spine) or 3 (leaf, spine, core)
 * @param nodesPerLeaf default number of nodes under one leaf switch, or one set of rail leaves
 * @param leavesPerSpine leaf groups under one spine group (a pod); 0 for a 2-tier fabric, whose
 *     single spine layer joins every leaf
 * @param leafOversubscription downlink to uplink bandwidth ratio at the leaf tier (1 =
 *     non-blocking)
 * @param spineOversubscription the same at the spine tier of a 3-tier fabric (1 for 2 tiers)
 */
public record FabricSpec(
    int tiers,
    FabricLayout layout,
    int nodesPerLeaf,
    int leavesPerSpine,
    double leafOversubscription,
    double spineOversubscription) {}
