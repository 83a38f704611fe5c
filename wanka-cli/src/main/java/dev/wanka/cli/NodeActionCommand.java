package dev.wanka.cli;

import dev.wanka.api.NodeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wanka cordon|drain|uncordon NODE}: take a node out of scheduling, also stop and requeue
 * its work, or put it back. Each prints the node's new status.
 */
abstract class NodeActionCommand extends ClientCommand {
  /** The action's name in the API path and on the command line: cordon, drain or uncordon. */
  private final String action;

  /** What the action did, for the message: "cordoned". */
  private final String done;

  @Parameters(paramLabel = "NODE", description = "The node's name, as `wanka nodes` lists it.")
  String node;

  NodeActionCommand(String action, String done) {
    this.action = action;
    this.done = done;
  }

  @Override
  public Integer call() {
    NodeView view = client().nodeAction(node, action);
    return print(
        view,
        out ->
            out.println(
                "node " + view.name() + " " + done + " (" + NodesCommand.status(view) + ")"));
  }

  @Command(
      name = "cordon",
      mixinStandardHelpOptions = true,
      description = "Mark a node unschedulable: no new work goes there; running work stays.")
  static final class Cordon extends NodeActionCommand {
    Cordon() {
      super("cordon", "cordoned");
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description =
          "Cordon a node and stop its running work, which is requeued (and resumes from its"
              + " checkpoint elsewhere).")
  static final class Drain extends NodeActionCommand {
    Drain() {
      super("drain", "draining");
    }
  }

  @Command(
      name = "uncordon",
      mixinStandardHelpOptions = true,
      description = "Mark a node schedulable again (ends a cordon or a drain).")
  static final class Uncordon extends NodeActionCommand {
    Uncordon() {
      super("uncordon", "uncordoned");
    }
  }
}
