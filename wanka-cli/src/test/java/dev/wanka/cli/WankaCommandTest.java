package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WankaCommandTest {

  @Test
  void helpListsEachCommandOnOneLine() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^  catalog +\\S.*$")
        .containsPattern("(?m)^  cluster +\\S.*$")
        .containsPattern("(?m)^  estimate +\\S.*$")
        .containsPattern("(?m)^  plan +\\S.*$")
        .containsPattern("(?m)^  bench +\\S.*$")
        .containsPattern("(?m)^  simulate +\\S.*$")
        .contains("Exit codes: 0 ok, 1 failure, 2 bad input.");
  }

  @Test
  void helpListsTheClientCommands() {
    String help = CliRun.of("--help").out();

    for (String command :
        List.of(
            "submit",
            "jobs",
            "job",
            "cancel",
            "logs",
            "why",
            "nodes",
            "cordon",
            "drain",
            "uncordon",
            "queues",
            "tokens",
            "tenants")) {
      assertThat(help).containsPattern("(?m)^  " + command + " +\\S.*$");
    }
  }

  @Test
  void noArgumentsPrintsTheHelp() {
    assertThat(CliRun.of().out()).contains("Usage: wanka");
  }

  @Test
  void versionNamesWankaAndTheJava() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("wanka 0.").contains("Java ");
  }

  @Test
  void anUnknownCommandIsBadInputWithASuggestion() {
    CliRun run = CliRun.of("cluster", "shw");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 1: 'shw'").contains("cluster show");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheFlagAndPointsToTheHelp() {
    CliRun run =
        CliRun.of(
            "estimate",
            "infer",
            "--model",
            "llama3-8b",
            "--accelerator",
            "h100",
            "--tp",
            "two",
            "--input-tokens",
            "10",
            "--output-tokens",
            "10");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: --tp: 'two' is not an int")
        .contains("Run 'wanka estimate infer --help' for the options.")
        .doesNotContain("Usage:");
  }
}
