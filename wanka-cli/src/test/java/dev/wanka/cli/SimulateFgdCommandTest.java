package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code wanka simulate} on the FGD experiment scenario (examples/scenarios/fgd-default.yaml). */
class SimulateFgdCommandTest {
  private static final String SCENARIO = "../examples/scenarios/fgd-default.yaml";

  @Test
  void jsonHoldsEachPolicysMeanAllocationAtEveryPercentRequested() {
    CliRun run =
        CliRun.of(
            "simulate",
            SCENARIO,
            "--policy",
            "FGD",
            "--policy",
            "dot-product",
            "--seeds",
            "1",
            "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("orders").asText()).isEqualTo("replayed");
    assertThat(json.get("gpus").asInt()).isEqualTo(6212);
    JsonNode fgd = json.get("fgd").get("FGD").get("meanAllocationPct");
    assertThat(fgd).hasSize(131);
    // seed 42 replayed: the published value at 100% requested, to the hundredth
    assertThat(fgd.get(100).asDouble()).isEqualTo(95.14);
    assertThat(json.get("fgd").get("DotProd").get("meanAllocationPct").get(130).asDouble())
        .isLessThan(fgd.get(130).asDouble());
    assertThat(json.get("checks").get("replay")).hasSize(2);
    assertThat(json.get("checks").get("allPass").asBoolean()).isTrue();
  }

  @Test
  void textPrintsOurCurveBesideThePublishedOne() {
    CliRun run =
        CliRun.of(
            "simulate",
            SCENARIO,
            "--policy",
            "BestFit",
            "--seeds",
            "1",
            "--set",
            "workload.orders.use=seeded");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.out())
        .contains("Orders: Wanka's seeded generator")
        .contains("ours | published")
        .containsPattern("100\\s+9\\d\\.\\d\\d \\| 92\\.86")
        .contains("Seed means against the published means");
    assertThat(run.err()).contains("ran BestFit seed 42 (1/1)");
  }

  @Test
  void outWritesTheSameResultsTwiceForTheSameScenario(@TempDir Path dir) throws Exception {
    String[] args = {
      "simulate",
      SCENARIO,
      "--policy",
      "Random",
      "--seeds",
      "1",
      "--set",
      "workload.orders.use=seeded",
      "--out"
    };
    CliRun first = CliRun.of(concat(args, dir.resolve("a").toString()));
    CliRun second = CliRun.of(concat(args, dir.resolve("b").toString()));
    assertThat(first.exitCode()).as("stderr:%n%s", first.err()).isZero();
    assertThat(second.exitCode()).isZero();
    byte[] a = Files.readAllBytes(dir.resolve("a/results.json"));
    assertThat(a).isEqualTo(Files.readAllBytes(dir.resolve("b/results.json")));
    assertThat(new String(a, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"meanAllocationPct\"");
  }

  @Test
  void aWrongPolicyOrReplayOnAnotherTraceIsAClearError(@TempDir Path dir) throws Exception {
    CliRun bad = CliRun.of("simulate", SCENARIO, "--policy", "tetris");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .contains("--policy: 'tetris' is not an FGD experiment policy; allowed: Random, DotProd");
    assertNoStackTrace(bad);
    Path pods = dir.resolve("openb_pod_list_tiny.csv");
    Files.writeString(pods, "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1000,1024,1,500\n");
    CliRun replay =
        CliRun.of(
            "simulate",
            SCENARIO,
            "--seeds",
            "1",
            "--set",
            "workload.trace.path=" + pods,
            "--set",
            "workload.orders.use=replay");
    assertThat(replay.exitCode()).isEqualTo(2);
    assertThat(replay.err())
        .contains(
            "workload.orders: use is replay, but no shipped order of" + " openb_pod_list_tiny");
    assertNoStackTrace(replay);
  }

  private static String[] concat(String[] args, String last) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  @Test
  void progressNoneSilencesTheRunLinesAndTheDefaultShowsOnePerRun() {
    CliRun quiet =
        CliRun.of("simulate", SCENARIO, "--policy", "FGD", "--seeds", "1", "--progress", "none");
    assertThat(quiet.exitCode()).as("stderr:%n%s", quiet.err()).isZero();
    assertThat(quiet.err()).doesNotContain("ran FGD");
    CliRun lines = CliRun.of("simulate", SCENARIO, "--policy", "FGD", "--seeds", "1");
    assertThat(lines.err()).contains("ran FGD seed 42 (1/1)");
  }

  @Test
  void anotherInflationIsNotServedByTheShippedOrdersMadeFor130Percent() {
    CliRun auto = fgdSeed42AtInflation12("--json");
    assertThat(auto.exitCode()).as("stderr:%n%s", auto.err()).isZero();
    assertThat(auto.json().get("orders").asText()).isEqualTo("seeded");
    CliRun replay = fgdSeed42AtInflation12("--set", "workload.orders.use=replay");
    assertThat(replay.exitCode()).isEqualTo(2);
    assertThat(replay.err())
        .contains(
            "workload.orders: use is replay, but the shipped orders were made with inflation");
    assertNoStackTrace(replay);
  }

  /** FGD on one seed, 42, with pods arriving until 120% of capacity is requested. */
  private static CliRun fgdSeed42AtInflation12(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                SCENARIO,
                "--policy",
                "FGD",
                "--seeds",
                "1",
                "--set",
                "workload.inflation=1.2"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }
}
