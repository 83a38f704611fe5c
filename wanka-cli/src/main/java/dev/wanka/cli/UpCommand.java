package dev.wanka.cli;

import dev.wanka.agent.AgentOptions;
import dev.wanka.agent.DeviceSpec;
import dev.wanka.agent.NodeAgent;
import dev.wanka.api.ApiPaths;
import dev.wanka.server.WankaServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wanka up}: a whole cluster on this machine: the server (H2 under the data directory) and a
 * local agent per node with simulated accelerators, which run real processes.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start a server and local agents with simulated accelerators, then wait; Ctrl-C stops all.",
      "Running it again on the same data directory resumes the same state."
    })
final class UpCommand implements Callable<Integer> {
  @ParentCommand WankaCommand root;

  @Mixin ServerFlags flags;

  @Option(
      names = "--nodes",
      paramLabel = "GROUPS",
      defaultValue = "4x8:H100",
      description =
          "Local nodes as <nodes>x<devices>:<type>, comma-separated, e.g. 2x8:H100,2x8:MTT-S4000"
              + " (default: ${DEFAULT-VALUE}).")
  String nodes;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NodeGroups groups = NodeGroups.parse(nodes, root.catalog());
    flags.configureLogging();
    PrintWriter out = spec.commandLine().getOut();
    WankaServer server =
        WankaServer.start(flags.options("127.0.0.1", Optional.empty()), Versions.current());
    URI uri = URI.create("http://127.0.0.1:" + server.port());
    Path agentsDirectory = flags.dataDirectory().resolve("agents");
    Files.createDirectories(agentsDirectory);
    List<NodeAgent> agents = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agents.forEach(NodeAgent::close);
                  server.close();
                  stopped.countDown();
                },
                "wanka-up-stop"));
    for (String[] node : groups.nodes()) {
      String name = node[0];
      String token = server.agentToken(name, agentsDirectory.resolve(name + ".token"));
      NodeAgent agent =
          new NodeAgent(
              AgentOptions.builder(uri, token)
                  .node(name)
                  .address("127.0.0.1")
                  .devices(new DeviceSpec.Simulated(node[1], Integer.parseInt(node[2])))
                  .workDir(agentsDirectory.resolve(name))
                  .build());
      agent.start();
      agents.add(agent);
    }
    describe(out, uri, server, groups);
    stopped.await();
    return ExitCodes.OK;
  }

  private void describe(PrintWriter out, URI uri, WankaServer server, NodeGroups groups) {
    out.println(
        "Wanka is up: "
            + groups.nodes().size()
            + " nodes, "
            + groups.devices()
            + " simulated devices ("
            + nodes
            + ")");
    out.println(
        "  dashboard    " + uri + ApiPaths.DASHBOARD + "/   (sign in with the admin token)");
    out.println("  API          " + uri + "/api/v1   (OpenAPI: " + uri + "/api/v1/openapi.json)");
    out.println("  metrics      " + uri + "/metrics");
    out.println("  data         " + flags.dataDirectory().toAbsolutePath().normalize());
    out.println(
        "  admin token  "
            + server.adminToken()
            + "   (also in "
            + server.adminTokenFile()
            + ", mode 600)");
    out.println();
    out.println("Next, in another terminal:");
    String portFlag = server.port() == 8080 ? "" : " --server " + uri;
    out.println(
        "  ./wanka nodes"
            + portFlag
            + "                              # the nodes and their devices");
    out.println(
        "  ./wanka submit examples/jobs/gang-16.yaml"
            + portFlag
            + "  # a 16-device gang on two nodes");
    out.println("  ./wanka jobs" + portFlag + "                               # the queue");
    out.println(
        "  ./wanka logs 1 -f" + portFlag + "                          # follow job 1's log");
    out.println("Ctrl-C stops the agents (their tasks get SIGTERM) and the server.");
    out.flush();
  }
}
