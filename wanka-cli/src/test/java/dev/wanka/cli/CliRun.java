package dev.wanka.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One {@code wanka} invocation in-process: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A run in the given environment (variables, home, stdin, clock) instead of the process's. */
  static CliRun in(UserEnvironment environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(environment, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  JsonNode json() {
    return JSON.readTree(out);
  }
}
