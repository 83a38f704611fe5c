package dev.wanka.cli;

import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import dev.wanka.topology.ClusterSpecReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wanka cluster show|validate FILE}. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Show or validate a cluster spec (pools, scale-up domains, fabric, prices).",
    subcommands = {ClusterCommand.Show.class, ClusterCommand.Validate.class})
final class ClusterCommand implements Runnable {

  @ParentCommand WankaCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  Cluster load(Path file) {
    ClusterSpec clusterSpec =
        ClusterSpecReader.read(
            file.toString(), InputFiles.read(file, "cluster spec"), root.catalog());
    return Cluster.build(clusterSpec);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Devices per type, nodes, domains, tiers, peak PFLOPS, memory, bisection, power, cost.")
  static final class Show implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;

    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        description = "Cluster spec YAML, e.g. examples/clusters/h100-10k.yaml.")
    Path file;

    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      Cluster cluster = parent.load(file);
      return output.print(
          spec, () -> ClusterView.json(cluster), out -> ClusterView.print(out, cluster));
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a cluster spec; print every problem with file, line and field (exit 2).")
  static final class Validate implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Cluster spec YAML.")
    Path file;

    @Override
    public Integer call() {
      Cluster cluster = parent.load(file);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: ok: cluster '%s', %,d devices on %,d nodes in %d pool(s)%n",
              file,
              cluster.name(),
              cluster.deviceCount(),
              cluster.nodeCount(),
              cluster.pools().size());
      return ExitCodes.OK;
    }
  }
}
