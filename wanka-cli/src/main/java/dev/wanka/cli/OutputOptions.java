package dev.wanka.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --json}: one JSON object for scripts instead of text for people. */
final class OutputOptions {
  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  /** Prints the document as JSON with {@code --json}, else the text; returns the OK exit code. */
  int print(CommandSpec spec, Supplier<Object> document, Consumer<PrintWriter> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, document.get());
    } else {
      text.accept(out);
    }
    return ExitCodes.OK;
  }
}
