package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code wanka simulate} on the example scenario (the Tiresias 60-job trace). */
class SimulateCommandTest {
  private static final String SCENARIO = "../examples/scenarios/tiresias-60.yaml";

  @Test
  void jsonHasOneRunPerQueueOrderAndEveryJobCompletes() {
    CliRun run = CliRun.of("simulate", SCENARIO, "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("scenario").asText()).isEqualTo("tiresias-60");
    assertThat(json.get("jobs").asInt()).isEqualTo(60);
    List<String> policies = new ArrayList<>();
    for (JsonNode row : json.get("runs")) {
      policies.add(row.get("policy").asText());
      assertThat(row.get("completed").asInt()).isEqualTo(60);
      assertThat(row.get("p99JctSeconds").asLong())
          .isGreaterThanOrEqualTo(row.get("p50JctSeconds").asLong());
      assertThat(row.get("utilization").asDouble()).isBetween(0.0, 1.0);
    }
    assertThat(policies).containsExactly("fifo", "sjf", "las");
  }

  @Test
  void policiesAndSeedsFromTheCommandLineReplaceTheScenarios() {
    CliRun run = CliRun.of("simulate", SCENARIO, "--policy", "priority", "--seeds", "2", "--json");
    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("runs")).hasSize(2);
  }

  @Test
  void setOverridesAScenarioFieldForOneRun() {
    CliRun run =
        CliRun.of(
            "simulate", SCENARIO, "--policy", "fifo", "--set", "workload.loadScale=1", "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    CliRun bad = CliRun.of("simulate", SCENARIO, "--set", "workload.loadScale=zero");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--set workload.loadScale=zero:");
    assertNoStackTrace(bad);
  }

  @Test
  void aBadPolicyNamesTheFlagAndTheAllowedOrders() {
    CliRun run = CliRun.of("simulate", SCENARIO, "--policy", "lifo");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "error: --policy: 'lifo' is not a queue order; allowed: fifo, priority, sjf, las, drf");
    assertNoStackTrace(run);
  }

  @Test
  void theTextTableListsEachRun() {
    CliRun run = CliRun.of("simulate", SCENARIO, "--policy", "fifo");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Scenario tiresias-60: 60 jobs simulated").contains("fifo");
  }
}
