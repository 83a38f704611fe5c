package dev.wanka.cli;

import dev.wanka.server.ServerOptions;
import dev.wanka.server.control.ServerTuning;
import dev.wanka.server.log.LogFormat;
import dev.wanka.server.log.LogSetup;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags {@code wanka server} and {@code wanka up} share. */
final class ServerFlags {
  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "8080",
      description = "The port to serve the API on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the database (H2), task logs and admin.token live (default: $WANKA_HOME, else"
              + " ./wanka-data).")
  Path dataDirectory;

  @Option(
      names = "--queues",
      paramLabel = "FILE",
      description =
          "Priority classes and queues with quotas (docs/workloads.md); default: one open queue"
              + " per tenant.")
  Path queues;

  @Option(
      names = "--heartbeat-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "A node without a heartbeat for this long is NotReady and its work is requeued (default:"
              + " ${DEFAULT-VALUE}).")
  double heartbeatTimeoutSeconds;

  @Option(
      names = "--history-interval",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "How often the server samples the cluster for the dashboard's charts (default:"
              + " ${DEFAULT-VALUE}; 1 to 3600).")
  double historyIntervalSeconds;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json: one JSON object per line (default: ${DEFAULT-VALUE}).")
  String logFormat;

  void configureLogging() {
    LogSetup.configure(logFormat());
  }

  private LogFormat logFormat() {
    switch (logFormat) {
      case "text":
        return LogFormat.TEXT;
      case "json":
        return LogFormat.JSON;
      default:
        throw new UsageException(
            "--log-format: '" + logFormat + "' is not allowed; allowed: text, json");
    }
  }

  Path dataDirectory() {
    return DataDirectory.resolve(Optional.ofNullable(dataDirectory));
  }

  ServerOptions options(String bind, Optional<String> db) {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port: " + port + " is not allowed: 0 to 65535");
    }
    if (!(heartbeatTimeoutSeconds >= 2 && heartbeatTimeoutSeconds <= 3600)) {
      throw new UsageException(
          "--heartbeat-timeout: " + heartbeatTimeoutSeconds + " is not allowed: 2 to 3600 seconds");
    }
    if (!(historyIntervalSeconds >= 1 && historyIntervalSeconds <= 3600)) {
      throw new UsageException(
          "--history-interval: " + historyIntervalSeconds + " is not allowed: 1 to 3600 seconds");
    }
    if (queues != null) {
      InputFiles.read(queues, "--queues");
    }
    ServerTuning defaults = ServerTuning.defaults();
    ServerTuning tuning =
        new ServerTuning(
            defaults.heartbeatIntervalMillis(),
            Math.round(heartbeatTimeoutSeconds * 1000),
            defaults.cycleMillis(),
            defaults.nodesPerLeaf(),
            defaults.commitWindowMillis(),
            Math.round(historyIntervalSeconds * 1000));
    return new ServerOptions(bind, port, dataDirectory(), db, Optional.ofNullable(queues), tuning);
  }
}
