package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;

/** Building command lines from a base one, and the checks the command tests share. */
final class CliTestSupport {
  private CliTestSupport() {}

  static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  /** {@code base} with the values of some options replaced, or the options added. */
  static String[] swap(String[] base, String... optionsAndValues) {
    List<String> args = new ArrayList<>(Arrays.asList(base));
    for (int i = 0; i < optionsAndValues.length; i += 2) {
      int at = args.indexOf(optionsAndValues[i]);
      if (at < 0) {
        args.add(optionsAndValues[i]);
        args.add(optionsAndValues[i + 1]);
      } else {
        args.set(at + 1, optionsAndValues[i + 1]);
      }
    }
    return args.toArray(String[]::new);
  }

  /** The JSON of a run with {@code --json} added, which must succeed without a word on stderr. */
  static JsonNode json(String... args) {
    CliRun run = CliRun.of(concat(args, "--json"));
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return run.json();
  }

  /** A case of a {@code badInput()} source: its name, the command line, a message it prints. */
  static Arguments bad(String name, String[] args, String expected) {
    return Arguments.of(name, args, expected);
  }

  /**
   * Runs {@code args} as given and with {@code --json}: each must exit 2 with nothing on stdout,
   * {@code expected} and no stack trace on stderr. Returns the two runs.
   */
  static List<CliRun> assertBadInput(String[] args, String expected) {
    List<CliRun> runs = new ArrayList<>();
    for (String[] variant : List.of(args, concat(args, "--json"))) {
      CliRun run = CliRun.of(variant);

      assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(2);
      assertThat(run.out()).as("stdout").isEmpty();
      assertThat(run.err()).contains(expected);
      assertNoStackTrace(run);
      runs.add(run);
    }
    return runs;
  }

  static void assertEveryLineIsAnError(CliRun run) {
    for (String line : run.err().split("\\R")) {
      assertThat(line).startsWith("error: ");
    }
  }

  static void assertNoStackTrace(CliRun run) {
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
