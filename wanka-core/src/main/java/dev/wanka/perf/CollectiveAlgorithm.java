package dev.wanka.perf;

import dev.wanka.spec.Keyword;

/**
 * Collective algorithms the cost model times. {@link Collectives} gives the formulas; in short, for
 * {@code n} members and {@code S} bytes:
 *
 * <ul>
 *   <li>{@link #RING}: one flat ring through every member, bandwidth-optimal (Patarasuk &amp; Yuan
 *       2009) but with a latency term linear in {@code n};
 *   <li>{@link #TREE}: NCCL's pipelined double binary tree, about the same bandwidth term and a
 *       latency term logarithmic in {@code n};
 *   <li>{@link #HIERARCHICAL}: a collective inside every scale-up domain over the fast links, then
 *       across domains over the scale-out fabric with every member driving its own NIC, then inside
 *       again.
 * </ul>
 */
public enum CollectiveAlgorithm implements Keyword {
  RING("ring"),
  TREE("tree"),
  HIERARCHICAL("hierarchical");

  private final String keyword;

  CollectiveAlgorithm(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
