package dev.wanka.cli;

import dev.wanka.topology.Cluster;
import picocli.CommandLine.Option;

/** {@code --pue} of the estimate commands, which default to the cluster spec's. */
final class ClusterPueOption {
  @Option(
      names = "--pue",
      paramLabel = "X",
      description = "Power usage effectiveness for energy; default the cluster spec's, else 1.")
  Double pue;

  void check(FlagProblems problems) {
    problems.pue(pue);
  }

  /** The flag's PUE, else the cluster spec's, else 1. */
  double effective(Cluster cluster) {
    return pue != null ? pue : cluster != null ? cluster.spec().pue().orElse(1.0) : 1.0;
  }
}
