package dev.wanka.cli;

import dev.wanka.api.NodeView;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code wanka nodes}: the nodes, as {@code kubectl get nodes} shows them. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "List nodes: NAME STATUS TYPE DEVICES(BUSY/TOTAL) LEAF HEARTBEAT AGE.")
final class NodesCommand extends ClientCommand {
  @Override
  public Integer call() {
    List<NodeView> nodes = client().nodes();
    return print(nodes, out -> table(out, nodes, clock()));
  }

  static void table(PrintWriter out, List<NodeView> nodes, Clock clock) {
    TextTable table =
        new TextTable(
            "NAME", "STATUS", "TYPE", "DEVICES(BUSY/TOTAL)>", "LEAF>", "HEARTBEAT", "AGE");
    for (NodeView node : nodes) {
      table.row(
          node.name(),
          status(node),
          node.accelerator(),
          node.devicesBusy() + "/" + node.devicesTotal(),
          node.leaf(),
          node.heartbeatAgeMillis() < 0 ? "never" : Ages.duration(node.heartbeatAgeMillis()),
          Ages.since(node.registeredAtMillis(), clock));
    }
    table.print(out, "");
  }

  /**
   * kubectl's words: Ready or NotReady; a cordoned node adds ",SchedulingDisabled"; a draining one
   * reads "Draining" (or "NotReady,Draining" once it stopped answering).
   */
  static String status(NodeView node) {
    boolean ready = "Ready".equals(node.state());
    if (node.draining()) {
      return ready ? "Draining" : node.state() + ",Draining";
    }
    return node.cordoned() ? node.state() + ",SchedulingDisabled" : node.state();
  }
}
