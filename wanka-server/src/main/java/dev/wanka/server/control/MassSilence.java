package dev.wanka.server.control;

/**
 * When most nodes go silent at once, the likelier fault is the server (overloaded, paused) or the
 * network in front of it, not the nodes: declaring them all lost would interrupt every job in the
 * cluster and requeue the lot, the very load that made the server late. Like Kubernetes' node
 * lifecycle controller (which stops evicting in a zone where more than 55% of nodes are unhealthy),
 * the control plane then leaves their work running until fewer are silent. Small clusters are
 * exempt: losing one of three nodes is an ordinary failure.
 */
final class MassSilence {
  /** Below this many late nodes a node loss is always believed. */
  static final int MIN_LATE_NODES = 10;

  /** The share of Ready nodes late at once above which the server holds off. */
  static final double LATE_SHARE = 0.55;

  private MassSilence() {}

  /** Whether so many Ready nodes are late (by half the timeout) that the server holds off. */
  static boolean isMassSilence(int lateNodes, int readyNodes) {
    return lateNodes >= MIN_LATE_NODES && lateNodes > LATE_SHARE * readyNodes;
  }
}
