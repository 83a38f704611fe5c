package dev.wanka.cli;

import dev.wanka.api.WankaClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a Wanka server: it takes {@code --server}, {@code --token} and {@code
 * --json}, makes one or a few calls, and prints the answer as text or as the wire records.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin OutputOptions output;

  /** A client of the server the options and the environment name. */
  WankaClient client() {
    return connection.client();
  }

  /** The clock ages are measured with. */
  Clock clock() {
    return connection.environment().clock();
  }

  /** Prints {@code records} as JSON with {@code --json}, else the text; returns the OK code. */
  int print(Object records, Consumer<PrintWriter> text) {
    return output.print(spec, () -> records, text);
  }
}
