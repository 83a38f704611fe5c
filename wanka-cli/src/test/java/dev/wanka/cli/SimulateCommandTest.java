package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    CliRun twice = CliRun.of("simulate", SCENARIO, "--policy", "las", "--policy", "las", "--json");
    assertThat(twice.exitCode()).as("stderr:%n%s", twice.err()).isZero();
    assertThat(twice.json().get("runs")).as("a policy given twice runs once").hasSize(1);
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
  void outWritesResultsWithEachRunsTimelineAndCompletionTimes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("runs/first");
    CliRun run = CliRun.of("simulate", SCENARIO, "--policy", "sjf", "--out", out.toString());
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.err())
        .contains("wrote " + out.resolve("results.json") + " and " + out.resolve("report.html"));
    String report = Files.readString(out.resolve("report.html"));
    assertThat(report).contains("<svg").contains("<td>sjf</td>").doesNotContain("<script");
    JsonNode results =
        JsonMapper.builder().build().readTree(Files.readString(out.resolve("results.json")));
    JsonNode sjf = results.get("runs").get(0);
    assertThat(sjf.get("policy").asText()).isEqualTo("sjf");
    assertThat(sjf.get("timeline").size()).isPositive();
    assertThat(sjf.get("timeline").get(0).size()).isEqualTo(7);
    assertThat(sjf.get("jctSecondsQuantiles").size()).isEqualTo(60);
    assertThat(run.err()).contains("wrote " + out.resolve("utilization.png"));
    for (String chart : List.of("utilization", "queue", "fragmentation", "jct-cdf")) {
      BufferedImage png = ImageIO.read(out.resolve(chart + ".png").toFile());
      assertThat(png).as(chart).isNotNull();
      assertThat(png.getWidth()).isEqualTo(1440);
    }
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    CliRun bad = CliRun.of("simulate", SCENARIO, "--out", file.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--out " + file + ": cannot create the directory");
  }

  @Test
  void theLlmExampleTimesItsJobsWithThePerformanceModelOnTwoTypes(@TempDir Path dir)
      throws Exception {
    CliRun run =
        CliRun.of("simulate", "../examples/scenarios/llm-mixed.yaml", "--policy", "fifo", "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("jobs").asInt()).isEqualTo(8);
    JsonNode fifo = json.get("runs").get(0);
    assertThat(fifo.get("completed").asInt()).isEqualTo(8);
    assertThat(fifo.get("failures").asInt()).isPositive();
    JsonNode byScope = fifo.get("failuresByScope");
    assertThat(
            byScope.get("device").asInt()
                + byScope.get("node").asInt()
                + byScope.get("leaf").asInt())
        .isEqualTo(fifo.get("failures").asInt());
    assertThat(fifo.get("ettr").asDouble()).isBetween(0.9, 1.0);
    assertThat(fifo.get("goodput").asDouble())
        .as("lost time: work since checkpoints, hangs until detection, restarts")
        .isLessThan(1.0);
    assertThat(fifo.get("lostDeviceHours").asDouble()).isPositive();
    Path scenario = dir.resolve("oom.yaml");
    Files.writeString(
        scenario,
        """
        name: oom
        cluster: %s
        workload:
          llm:
            - {model: llama3-70b, tokens: 1.0e10, devices: 8, tp: 8, globalBatch: 8}
        """
            .formatted(Path.of("../examples/clusters/h100-2k.yaml").toAbsolutePath()));
    CliRun oom = CliRun.of("simulate", scenario.toString());
    assertThat(oom.exitCode()).isEqualTo(2);
    assertThat(oom.err())
        .contains(
            scenario
                + ": workload.llm[0]: llama3-70b at tp 8 pp 1, micro-batch 1, selective"
                + " recompute needs");
    assertNoStackTrace(oom);
  }

  @Test
  void eachRunReportsCapacityGoodputAndEnergyAndCostWhenPriced() {
    CliRun run =
        CliRun.of(
            "simulate",
            SCENARIO,
            "--policy",
            "fifo",
            "--set",
            "cost={currency: USD, perKWh: 0.1, perDeviceHour: {a100: 1.5}}",
            "--set",
            "energy.pue=1.2",
            "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    JsonNode fifo = run.json().get("runs").get(0);
    assertThat(fifo.get("allocationRatio").asDouble())
        .as("nothing fails: allocation ratio is utilization")
        .isEqualTo(fifo.get("utilization").asDouble());
    assertThat(fifo.get("fragmentation").asDouble()).isBetween(0.0, 1.0);
    assertThat(fifo.get("goodput").asDouble()).isEqualTo(1.0);
    assertThat(fifo.get("lostDeviceHours").asDouble()).isZero();
    double hours = fifo.get("makespanSeconds").asDouble() / 3600;
    assertThat(fifo.get("deviceCost").asDouble()).isCloseTo(64 * hours * 1.5, within(1e-6));
    double kWh = fifo.get("energyKWh").asDouble();
    // 64 A100s of 400 W: between all idle (60 W) and all at TDP, times PUE 1.2
    assertThat(kWh).isBetween(1.2 * 64 * hours * 0.06, 1.2 * 64 * hours * 0.4);
    assertThat(fifo.get("energyCost").asDouble()).isCloseTo(0.1 * kWh, within(1e-9));
    assertThat(fifo.get("averagePowerKW").asDouble()).isCloseTo(kWh / hours, within(1e-9));
    JsonNode power = run.json().get("power");
    assertThat(power.get("currency").asText()).isEqualTo("USD");
    assertThat(power.get("pue").asDouble()).isEqualTo(1.2);
    assertThat(power.get("tdpWatts").get("a100-sxm-80gb").asDouble()).isEqualTo(400);
    assertThat(power.get("perDeviceHour").get("a100-sxm-80gb").asDouble()).isEqualTo(1.5);
    assertThat(run.json().get("verdict").get(0).asText()).startsWith("Only fifo ran");
  }

  @Test
  void aPriceForATypeTheClusterLacksIsBadInput() {
    CliRun run =
        CliRun.of("simulate", SCENARIO, "--set", "cost={currency: USD, perDeviceHour: {h100: 2}}");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "cost.perDeviceHour.h100: 'h100' is not a type of cluster tiresias-64; allowed:"
                + " a100-sxm-80gb");
    assertNoStackTrace(run);
  }

  @Test
  void theSameScenarioAndSeedGiveByteIdenticalResultFiles(@TempDir Path dir) throws Exception {
    String[] args = {
      "simulate",
      "../examples/scenarios/helios-synthetic.yaml",
      "--policy",
      "fifo",
      "--seeds",
      "1",
      "--set",
      "workload.synthetic.jobs=300",
      "--out"
    };
    List<Path> outs = List.of(dir.resolve("a"), dir.resolve("b"));
    for (Path out : outs) {
      String[] withOut = java.util.Arrays.copyOf(args, args.length + 1);
      withOut[args.length] = out.toString();
      CliRun run = CliRun.of(withOut);
      assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    }
    for (String file : List.of("results.json", "report.html", "fragmentation.png")) {
      assertThat(Files.readAllBytes(outs.get(1).resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(outs.get(0).resolve(file)));
    }
  }

  @Test
  void longSeriesAreThinnedEvenlyKeepingTheEnds() {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      numbers.add(i);
    }
    List<Integer> picked = TwinView.evenly(numbers, 1000);
    assertThat(picked).hasSize(1000).startsWith(0).endsWith(10_000).isSorted();
    assertThat(TwinView.evenly(List.of(1, 2, 3), 1000)).containsExactly(1, 2, 3);
  }

  @Test
  void aSyntheticScenarioGeneratesItsJobsFromEachSeed() {
    CliRun run =
        CliRun.of(
            "simulate",
            "../examples/scenarios/helios-synthetic.yaml",
            "--policy",
            "fifo",
            "--set",
            "workload.synthetic.jobs=300",
            "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    JsonNode runs = run.json().get("runs");
    assertThat(runs).hasSize(2);
    assertThat(run.json().get("jobs").asInt()).isEqualTo(300);
    assertThat(runs.get(0).has("failures")).isTrue();
    assertThat(runs.get(0).get("ettr").asDouble()).isBetween(0.0, 1.0);
    assertThat(runs.get(0).get("makespanSeconds").asLong())
        .as("seeds 1 and 2 generate different jobs")
        .isNotEqualTo(runs.get(1).get("makespanSeconds").asLong());
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
    assertThat(run.out())
        .contains("Scenario tiresias-60: 60 jobs simulated")
        .contains("fifo")
        .contains("ALLOC  FRAG  LOST DEV-H  GOODPUT  ENERGY kWh")
        .contains("Only fifo ran, so there is nothing to compare");
  }

  @Test
  void theGavelExampleRunsItsTraceOnItsCluster() {
    // the trace is bursty: 69 of its 2,000 jobs arrive in its first 3,000,000 s, and 8 of those
    // end by then when none waits (each its total steps over its V100 throughput)
    CliRun run =
        CliRun.of(
            "simulate",
            "../examples/scenarios/gavel-msr.yaml",
            "--policy",
            "fifo",
            "--set",
            "horizonSeconds=3000000",
            "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.json().get("jobs").asInt()).isEqualTo(2_000);
    assertThat(run.json().get("runs").get(0).get("completed").asInt()).isEqualTo(8);
  }

  @Test
  void progressGoesToStderrAsLinesWhenNotOnATerminalAndNoneSilencesIt() {
    CliRun lines = CliRun.of("simulate", SCENARIO, "--policy", "fifo", "--json");
    assertThat(lines.exitCode()).isZero();
    assertThat(lines.err()).startsWith("ran fifo seed 1 (run 1/1): 60/60 jobs completed, t=");
    assertThat(lines.json().get("runs")).hasSize(1);
    CliRun none =
        CliRun.of("simulate", SCENARIO, "--policy", "fifo", "--progress", "none", "--json");
    assertThat(none.err()).isEmpty();
    CliRun bar = CliRun.of("simulate", SCENARIO, "--policy", "fifo", "--progress", "BAR");
    assertThat(bar.err()).startsWith("\r[").contains("1/1 runs  fifo seed 1").endsWith("\n");
    CliRun bad = CliRun.of("simulate", SCENARIO, "--progress", "dots");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'dots' is not allowed: must be one of bar, lines, none");
    assertNoStackTrace(bad);
  }

  @Test
  void theSameScenarioAndSeedGiveByteIdenticalResults(@TempDir Path dir) throws Exception {
    // a synthetic workload and node failures (300 times Llama 3's rate, so that a day sees some
    // interrupt running jobs): both drawn from the seed
    String[] args = {
      "simulate",
      "../examples/scenarios/helios-synthetic.yaml",
      "--policy",
      "las",
      "--seeds",
      "1",
      "--set",
      "workload.synthetic.jobs=400",
      "--set",
      "workload.synthetic.arrivalsPerHour=4000",
      "--set",
      "failures.scale=300",
      "--set",
      "horizonSeconds=86400",
      "--progress",
      "none",
      "--out",
      ""
    };
    List<byte[]> results = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      args[args.length - 1] = dir.resolve(name).toString();
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
      results.add(Files.readAllBytes(dir.resolve(name).resolve("results.json")));
    }
    assertThat(results.get(1)).isEqualTo(results.get(0));
    JsonNode las = JsonMapper.builder().build().readTree(results.get(0)).get("runs").get(0);
    assertThat(las.get("failures").asInt()).as("failures happened").isPositive();
    assertThat(las.get("interruptions").asInt()).as("and stopped jobs").isPositive();
    assertThat(las.get("completed").asInt()).isPositive();
  }

  @Test
  void thePhillyExampleReadsTheWholeTraceAndNoJobWaitsOnTenThousandGpus() {
    // in the trace's first 25 days (2,160,000 s), 4,243 jobs arrive and end when none waits; on
    // 10,240 GPUs, without failures, none does
    CliRun run =
        CliRun.of(
            "simulate",
            "../examples/scenarios/philly-10k.yaml",
            "--set",
            "horizonSeconds=2160000",
            "--set",
            "failures.scale=0",
            "--json");
    assertThat(run.exitCode()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.json().get("jobs").asInt()).isEqualTo(82_247);
    JsonNode fifo = run.json().get("runs").get(0);
    assertThat(fifo.get("completed").asInt()).isEqualTo(4_243);
    assertThat(fifo.get("meanWaitSeconds").asDouble()).isZero();
  }
}
