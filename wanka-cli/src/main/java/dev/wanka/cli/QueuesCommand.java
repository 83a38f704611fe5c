package dev.wanka.cli;

import dev.wanka.api.QueueView;
import dev.wanka.api.QuotaView;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code wanka queues}: queues with their jobs and their quota use per accelerator type. */
@Command(
    name = "queues",
    mixinStandardHelpOptions = true,
    description =
        "List queues: QUEUE TENANT PENDING RUNNING QUOTA (per type: devices used/guaranteed/max).")
final class QueuesCommand extends ClientCommand {
  @Override
  public Integer call() {
    List<QueueView> queues = client().queues();
    return print(queues, out -> table(out, queues));
  }

  static void table(PrintWriter out, List<QueueView> queues) {
    TextTable table =
        new TextTable("QUEUE", "TENANT", "PENDING>", "RUNNING>", "QUOTA(type used/guaranteed/max)");
    for (QueueView queue : queues) {
      table.row(
          queue.name(),
          queue.tenant(),
          queue.pendingJobs(),
          queue.runningJobs(),
          quota(queue.quota()));
    }
    table.print(out, "");
  }

  /** {@code h100 12/16/32, h20 0/8/8}; "-" without quota. */
  static String quota(List<QuotaView> quota) {
    if (quota.isEmpty()) {
      return "-";
    }
    return quota.stream()
        .map(
            q ->
                q.accelerator()
                    + " "
                    + q.used()
                    + (q.isUnlimited() ? " (no limit)" : "/" + q.guaranteed() + "/" + q.max()))
        .collect(Collectors.joining(", "));
  }
}
