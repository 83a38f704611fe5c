package dev.wanka.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code wanka} command: {@code java -jar wanka.jar --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /** Runs one command line and returns its exit code: 0 ok, 1 failure, 2 bad input. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(UserEnvironment.current(), out, err, args);
  }

  /** Runs one command line in the given environment (variables, home, stdin, clock). */
  static int run(UserEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
    int code = WankaCommand.commandLine(environment, out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
