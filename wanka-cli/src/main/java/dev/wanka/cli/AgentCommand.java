package dev.wanka.cli;

import dev.wanka.agent.AgentOptions;
import dev.wanka.agent.DeviceSpec;
import dev.wanka.agent.NodeAgent;
import dev.wanka.server.log.LogFormat;
import dev.wanka.server.log.LogSetup;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wanka agent}: the node agent, on the node whose devices it runs work on. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node agent: find the devices, register with the server, heartbeat, run tasks.",
      "Stop it with Ctrl-C or SIGTERM: its tasks get SIGTERM, then SIGKILL after their grace."
    })
final class AgentCommand implements Callable<Integer> {
  @ParentCommand WankaCommand root;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "The server, e.g. http://10.0.0.1:8080.")
  URI server;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "An AGENT token for this node ('wanka tokens create --role agent --node NAME'); default: $WANKA_TOKEN.")
  String token;

  @Option(
      names = "--devices",
      paramLabel = "SPEC",
      defaultValue = "auto",
      description =
          "auto (nvidia-smi, else npu-smi) or sim:<count>x<type>, e.g. sim:8xH100 (default: ${DEFAULT-VALUE}).")
  String devices;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This node's name (default: the host name).")
  String node;

  @Option(
      names = "--address",
      paramLabel = "HOST",
      description = "The address other nodes reach this one at (default: the host name's address).")
  String address;

  @Option(
      names = "--accelerator",
      paramLabel = "ID",
      description = "The catalog id of the devices, when the product name is not recognised.")
  String accelerator;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where task logs and pid files go (default: ./wanka-agent-<node>).")
  Path workDir;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Override
  public Integer call() throws InterruptedException {
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new UsageException(
          "--log-format: '" + logFormat + "' is not allowed; allowed: text, json");
    }
    LogSetup.configure(logFormat.equals("json") ? LogFormat.JSON : LogFormat.TEXT);
    String secret = token != null ? token : System.getenv("WANKA_TOKEN");
    if (secret == null || secret.isBlank()) {
      throw new UsageException(
          "--token: required (or set WANKA_TOKEN): an AGENT token for this node");
    }
    AgentOptions.Builder options = AgentOptions.builder(server, secret);
    try {
      options.devices(DeviceSpec.parse(devices, root.catalog()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (node != null) {
      options.node(node);
    }
    if (address != null) {
      options.address(address);
    }
    if (accelerator != null) {
      options.accelerator(accelerator);
    }
    if (workDir != null) {
      options.workDir(workDir);
    }
    NodeAgent agent = new NodeAgent(options.build());
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "wanka-agent-stop"));
    agent.start();
    agent.run();
    return ExitCodes.OK;
  }
}
