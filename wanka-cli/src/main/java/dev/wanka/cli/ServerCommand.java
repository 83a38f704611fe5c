package dev.wanka.cli;

import dev.wanka.server.WankaServer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wanka server}: the control plane for production, on H2 or PostgreSQL. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the control-plane server: REST API v1, scheduler, store.",
      "Agents join with 'wanka agent --server URL --token T'. Stop it with Ctrl-C or SIGTERM."
    })
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerFlags flags;

  @Option(
      names = "--db",
      paramLabel = "DB",
      description =
          "An H2 file path, or a jdbc:postgresql://host/db URL (user and password from the URL or"
              + " WANKA_DB_USER / WANKA_DB_PASSWORD); default: an H2 file in the data directory.")
  String db;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String bind;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    flags.configureLogging();
    PrintWriter out = spec.commandLine().getOut();
    WankaServer server =
        WankaServer.start(flags.options(bind, Optional.ofNullable(db)), Versions.current());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "wanka-server-stop"));
    out.println(
        "wanka server listening on http://"
            + bind
            + ":"
            + server.port()
            + " (admin token in "
            + server.adminTokenFile()
            + ")");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
