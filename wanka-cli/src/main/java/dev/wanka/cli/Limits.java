package dev.wanka.cli;

import dev.wanka.topology.ClusterSpecReader;

/** Bounds on sizes that the estimate and plan commands share; values beyond them are typos. */
final class Limits {
  /** Device counts beyond what a cluster spec may hold. */
  static final int MAX_DEVICES = (int) ClusterSpecReader.MAX_DEVICES;

  /** The largest tensor-, pipeline-, context- or expert-parallel size. */
  static final int MAX_PARALLEL = 65_536;

  /** Tokens in one sequence, prompt or output. */
  static final int MAX_SEQ = 10_000_000;

  private Limits() {}
}
