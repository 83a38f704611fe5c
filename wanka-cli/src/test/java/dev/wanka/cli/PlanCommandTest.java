package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertBadInput;
import static dev.wanka.cli.CliTestSupport.bad;
import static dev.wanka.cli.CliTestSupport.concat;
import static dev.wanka.cli.CliTestSupport.json;
import static dev.wanka.cli.CliTestSupport.swap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class PlanCommandTest {
  private static final String[] TRAIN = {
    "plan",
    "train",
    "--model",
    "llama3-70b",
    "--tokens",
    "2T",
    "--days",
    "30",
    "--types",
    "h100,a100,h20"
  };

  private static final String[] INFER = {
    "plan",
    "infer",
    "--model",
    "llama3-70b",
    "--qps",
    "10",
    "--input-tokens",
    "2000",
    "--output-tokens",
    "500",
    "--ttft-ms",
    "2000",
    "--tpot-ms",
    "50",
    "--types",
    "h100,h20,ascend-910b3"
  };

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }

  private static List<String> reasons(JsonNode plan) {
    return list(plan.get("rejected")).stream().map(r -> r.get("reason").asString()).toList();
  }

  private static Path prices(Path dir) throws Exception {
    Path file = dir.resolve("prices.yaml");
    Files.writeString(
        file,
        "currency: USD\nperDeviceHour:\n  h100: 2.5\n  a100: 1.5\n  h20: 40\n"
            + "  ascend-910b3: 1.2\n");
    return file;
  }

  // ---- plan train ----------------------------------------------------------------------------

  @Test
  void trainJsonHasTheGoalRankedOptionsAndTheirLayouts() {
    JsonNode plan = json(TRAIN);

    JsonNode goal = plan.get("goal");
    assertThat(goal.get("model").asString()).isEqualTo("llama3-70b");
    assertThat(goal.get("tokens").asDouble()).isEqualTo(2e12);
    assertThat(goal.get("days").asDouble()).isEqualTo(30);
    assertThat(goal.get("seq").asInt()).isEqualTo(8192);
    assertThat(goal.get("globalBatchTokens").asLong()).isEqualTo(4L * 1024 * 1024);
    assertThat(goal.get("globalBatch").asInt()).isEqualTo(512);
    assertThat(goal.get("maxDevices").asInt()).isEqualTo(131_072);
    assertThat(goal.get("pue").asDouble()).isEqualTo(1.0);
    assertThat(list(goal.get("types")))
        .extracting(JsonNode::asString)
        .containsExactly("h100-sxm", "a100-sxm-80gb", "h20");
    assertThat(plan.get("evaluated").asInt()).isPositive();
    assertThat(plan.has("currency")).isFalse();

    List<JsonNode> options = list(plan.get("options"));
    assertThat(options).isNotEmpty();
    assertThat(options).extracting(o -> o.get("accelerator").asString()).contains("h100-sxm");
    for (int i = 0; i < options.size(); i++) {
      JsonNode o = options.get(i);
      assertThat(o.get("rank").asInt()).isEqualTo(i + 1);
      for (String key :
          List.of(
              "accelerator",
              "devices",
              "parallelism",
              "microBatch",
              "recompute",
              "mfu",
              "days",
              "deviceHours",
              "megawattHours",
              "megawatts",
              "stepSeconds",
              "tokensPerSecond",
              "memoryPerDeviceGB")) {
        assertThat(o.has(key)).as(key).isTrue();
      }
      assertThat(o.has("cost")).isFalse();
      JsonNode p = o.get("parallelism");
      // a dense model: no expert parallelism
      assertThat(p.get("ep").asInt()).isEqualTo(1);
      assertThat(p.get("tp").asInt() * p.get("pp").asInt() * p.get("dp").asInt())
          .isEqualTo(o.get("devices").asInt());
      assertThat(o.get("mfu").asDouble()).isStrictlyBetween(0.0, 1.0);
      double days = o.get("days").asDouble();
      assertThat(days).isPositive().isLessThanOrEqualTo(30);
      assertThat(days).isCloseTo(2e12 / o.get("tokensPerSecond").asDouble() / 86_400, within(1e-3));
      assertThat(o.get("deviceHours").asDouble())
          .isCloseTo(o.get("devices").asInt() * days * 24, within(1e-6 * days * 24 * 1e5));
      assertThat(o.get("memoryPerDeviceGB").asDouble()).isPositive();
      if (i > 0) {
        // unpriced: fewest device-hours first
        assertThat(o.get("deviceHours").asDouble())
            .isGreaterThanOrEqualTo(options.get(i - 1).get("deviceHours").asDouble());
      }
    }
  }

  @Test
  void trainTextShowsATableTheRejectedTypesAndTheCount() {
    CliRun run = CliRun.of(TRAIN);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("Plan: train llama3-70b on 2T tokens within 30 days")
        .contains("global batch 512 sequences (4,194,304 tokens)")
        .containsPattern(
            "(?m)^RANK +ACCELERATOR +DEVICES +TP/PP/DP +MICRO-BATCH +RECOMPUTE +MFU % +DAYS +MWH$")
        .containsPattern("(?m)^ +1 +h100-sxm +[\\d,]+ +8/\\d+/\\d+ +\\d +(selective|full) ")
        .containsPattern("(?m)^[\\d,]+ configurations evaluated; \\d+ options");
  }

  @Test
  void aTooShortDeadlineRejectsEveryTypeAsTooSlow() {
    JsonNode plan = json(swap(TRAIN, "--days", "0.01"));
    CliRun text = CliRun.of(swap(TRAIN, "--days", "0.01"));

    assertThat(plan.get("options")).isEmpty();
    assertThat(reasons(plan)).containsExactly("TOO_SLOW", "TOO_SLOW", "TOO_SLOW");
    assertThat(list(plan.get("rejected")))
        .extracting(r -> r.get("accelerator").asString())
        .containsExactly("h100-sxm", "a100-sxm-80gb", "h20");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .contains("No option meets the goal.")
        .contains("Rejected:")
        .containsPattern("(?m)^  h100-sxm +TOO_SLOW +the fastest layout");
  }

  @Test
  void maxCostWithPricesRejectsAnExpensiveTypeAsOverBudget(@TempDir Path dir) throws Exception {
    String[] args = concat(TRAIN, "--prices", prices(dir).toString(), "--max-cost", "3e6");

    JsonNode plan = json(args);
    CliRun text = CliRun.of(args);

    assertThat(plan.get("currency").asString()).isEqualTo("USD");
    assertThat(plan.get("goal").get("maxCost").asDouble()).isEqualTo(3e6);
    assertThat(list(plan.get("rejected")))
        .anySatisfy(
            r -> {
              assertThat(r.get("accelerator").asString()).isEqualTo("h20");
              assertThat(r.get("reason").asString()).isEqualTo("OVER_BUDGET");
              assertThat(r.get("detail").asString()).contains("USD").contains("> 3,000,000");
            });
    List<JsonNode> options = list(plan.get("options"));
    assertThat(options).isNotEmpty();
    for (int i = 0; i < options.size(); i++) {
      JsonNode o = options.get(i);
      double cost = o.get("cost").asDouble();
      assertThat(cost).isLessThanOrEqualTo(3e6);
      double price = o.get("accelerator").asString().equals("h100-sxm") ? 2.5 : 1.5;
      assertThat(cost).isCloseTo(price * o.get("deviceHours").asDouble(), within(1e-6 * cost));
      if (i > 0) {
        // priced: cheapest first
        assertThat(cost).isGreaterThanOrEqualTo(options.get(i - 1).get("cost").asDouble());
      }
    }
    assertThat(text.out())
        .contains("at most USD 3,000,000")
        .containsPattern("COST USD")
        .containsPattern("(?m)^  h20 +OVER_BUDGET +the cheapest option");
  }

  @Test
  void aTypeWithoutAPriceIsRejectedUnderAMaxCost(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("h100-only.yaml");
    Files.writeString(file, "currency: USD\nperDeviceHour:\n  h100: 2.5\n");

    JsonNode plan =
        json(swap(TRAIN, "--types", "h100,a100", "--prices", file.toString(), "--max-cost", "1e9"));

    assertThat(list(plan.get("options")))
        .extracting(o -> o.get("accelerator").asString())
        .containsOnly("h100-sxm");
    assertThat(reasons(plan)).containsExactly("NO_PRICE");
  }

  @Test
  void aPowerCapRejectsTypesThatDrawTooMuch() {
    JsonNode plan = json(concat(TRAIN, "--power-cap-mw", "1"));

    assertThat(plan.get("goal").get("powerCapMegawatts").asDouble()).isEqualTo(1);
    for (JsonNode o : plan.get("options")) {
      assertThat(o.get("megawatts").asDouble()).isLessThanOrEqualTo(1);
    }
    assertThat(list(plan.get("rejected")))
        .anySatisfy(r -> assertThat(r.get("reason").asString()).isEqualTo("OVER_POWER_CAP"));
  }

  @Test
  void optionsReachThePlanner() {
    JsonNode plan =
        json(
            swap(
                TRAIN,
                "--types",
                "H100",
                "--seq",
                "4096",
                "--global-batch-tokens",
                "8388608",
                "--max-devices",
                "2048",
                "--pue",
                "1.2",
                "--top",
                "2"));

    JsonNode goal = plan.get("goal");
    assertThat(goal.get("seq").asInt()).isEqualTo(4096);
    assertThat(goal.get("globalBatchTokens").asLong()).isEqualTo(8_388_608);
    assertThat(goal.get("globalBatch").asInt()).isEqualTo(2048);
    assertThat(goal.get("maxDevices").asInt()).isEqualTo(2048);
    assertThat(goal.get("pue").asDouble()).isEqualTo(1.2);
    List<JsonNode> options = list(plan.get("options"));
    assertThat(options).hasSize(2);
    assertThat(plan.get("optionsFound").asInt()).isGreaterThanOrEqualTo(2);
    for (JsonNode o : options) {
      assertThat(o.get("devices").asInt()).isLessThanOrEqualTo(2048);
      // megawatts at TDP x PUE: 700 W x 1.2 per H100
      assertThat(o.get("megawatts").asDouble())
          .isCloseTo(o.get("devices").asInt() * 700 * 1.2 / 1e6, within(1e-6));
    }
  }

  @Test
  void typesAreCaseInsensitiveTakeAliasesAndDropDuplicates() {
    JsonNode plan = json(swap(TRAIN, "--types", "H100,h100-SXM,A100", "--days", "0.01"));

    assertThat(list(plan.get("goal").get("types")))
        .extracting(JsonNode::asString)
        .containsExactly("h100-sxm", "a100-sxm-80gb");
  }

  @Test
  void theWholeCatalogIsTheDefault() {
    List<String> args = new ArrayList<>(Arrays.asList(TRAIN));
    args.subList(args.indexOf("--types"), args.indexOf("--types") + 2).clear();

    JsonNode plan = json(swap(args.toArray(String[]::new), "--days", "0.01"));

    int types = plan.get("goal").get("types").size();
    assertThat(types).isEqualTo(CliRun.of("catalog", "--json").json().size());
    assertThat(plan.get("rejected").size() + plan.get("optionsFound").asInt())
        .isGreaterThanOrEqualTo(types);
  }

  // ---- plan infer ----------------------------------------------------------------------------

  @Test
  void inferOptionsMeetBothTargetsAndTheLoad() {
    JsonNode plan = json(INFER);

    JsonNode goal = plan.get("goal");
    assertThat(goal.get("requestsPerSecond").asDouble()).isEqualTo(10);
    assertThat(goal.get("ttftMs").asDouble()).isEqualTo(2000);
    assertThat(goal.get("tpotMs").asDouble()).isEqualTo(50);
    assertThat(list(goal.get("weights"))).extracting(JsonNode::asString).containsExactly("bf16");
    assertThat(plan.get("evaluated").asInt()).isPositive();

    List<JsonNode> options = list(plan.get("options"));
    assertThat(options).isNotEmpty();
    assertThat(options).extracting(o -> o.get("accelerator").asString()).contains("h100-sxm");
    for (int i = 0; i < options.size(); i++) {
      JsonNode o = options.get(i);
      assertThat(o.get("rank").asInt()).isEqualTo(i + 1);
      assertThat(o.get("ttftMs").asDouble()).isPositive().isLessThanOrEqualTo(2000);
      assertThat(o.get("tpotMs").asDouble()).isPositive().isLessThanOrEqualTo(50);
      assertThat(o.get("prefillAloneMs").asDouble()).isPositive();
      assertThat(o.get("weights").asString()).isEqualTo("bf16");
      assertThat(o.get("batch").asInt()).isLessThanOrEqualTo(o.get("maxBatch").asInt());
      int replicas = o.get("replicas").asInt();
      assertThat(o.get("devices").asInt()).isEqualTo(replicas * o.get("tp").asInt());
      assertThat(replicas * o.get("requestsPerSecondPerReplica").asDouble())
          .isGreaterThanOrEqualTo(10 * (1 - 1e-9));
      // the fleet's device-hours per million output tokens at 10 x 500 tokens/s
      assertThat(o.get("deviceHoursPerMillionTokens").asDouble())
          .isCloseTo(o.get("devices").asInt() / (5000 * 3600 / 1e6), within(1e-6));
      if (i > 0) {
        assertThat(o.get("deviceHoursPerMillionTokens").asDouble())
            .isGreaterThanOrEqualTo(
                options.get(i - 1).get("deviceHoursPerMillionTokens").asDouble());
      }
    }
  }

  @Test
  void inferTextShowsATableAndTheCount() {
    CliRun run = CliRun.of(INFER);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith(
            "Plan: serve llama3-70b at 10 requests/s, 2,000 input + 500 output tokens each"
                + " (5,000 output tokens/s)")
        .contains("targets TTFT 2000 ms, TPOT 50 ms; weights bf16; KV cache bf16")
        .containsPattern(
            "(?m)^RANK +ACCELERATOR +WEIGHTS +TP +BATCH +REPLICAS +DEVICES +TTFT MS +TPOT MS"
                + " +TOK/S/DEVICE +DEVICE-H/M +KWH/M$")
        .containsPattern("(?m)^ +1 +h100-sxm +bf16 +\\d+ +\\d+ ")
        .containsPattern("(?m)^[\\d,]+ configurations evaluated; ");
  }

  @Test
  void anImpossibleTpotIsRejectedAsSloNotMet() {
    JsonNode plan = json(swap(INFER, "--tpot-ms", "0.1"));

    assertThat(plan.get("options")).isEmpty();
    assertThat(reasons(plan)).containsExactly("SLO_NOT_MET", "SLO_NOT_MET", "SLO_NOT_MET");
    assertThat(plan.get("rejected").get(0).get("detail").asString()).contains("0.1 ms");
  }

  @Test
  void weightFormatsAndPricesReachThePlanner(@TempDir Path dir) throws Exception {
    JsonNode plan =
        json(concat(INFER, "--weights", "bf16,INT4,bf16", "--prices", prices(dir).toString()));

    assertThat(list(plan.get("goal").get("weights")))
        .extracting(JsonNode::asString)
        .containsExactly("bf16", "int4");
    assertThat(plan.get("currency").asString()).isEqualTo("USD");
    List<JsonNode> options = list(plan.get("options"));
    assertThat(options).extracting(o -> o.get("weights").asString()).contains("int4");
    for (int i = 1; i < options.size(); i++) {
      assertThat(options.get(i).get("costPerMillionTokens").asDouble())
          .isGreaterThanOrEqualTo(options.get(i - 1).get("costPerMillionTokens").asDouble());
    }
  }

  @Test
  void helpListsTheCommands() {
    assertThat(CliRun.of("--help").out()).containsPattern("(?m)^  plan +\\S.*$");
    assertThat(CliRun.of("plan", "--help").out())
        .containsPattern("(?m)^  train  \\S")
        .containsPattern("(?m)^  infer  \\S");
    assertThat(CliRun.of("plan", "train", "--help").out())
        .contains("--tokens=D", "--days=DAYS", "--types=ID", "--max-cost=C", "--top=N");
    assertThat(CliRun.of("plan", "infer", "--help").out())
        .contains("--qps=Q", "--ttft-ms=T", "--tpot-ms=P", "int8, int4");
  }

  // ---- bad input -----------------------------------------------------------------------------

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("days 0", swap(TRAIN, "--days", "0"), "error: --days: '0' is not allowed"),
        bad("negative days", swap(TRAIN, "--days", "-3"), "error: --days: '-3' is not allowed"),
        bad("tokens 0", swap(TRAIN, "--tokens", "0"), "error: --tokens: '0' is not allowed"),
        bad(
            "negative tokens",
            swap(TRAIN, "--tokens", "-2T"),
            "error: --tokens: '-2T' is not allowed"),
        bad(
            "max cost without prices",
            concat(TRAIN, "--max-cost", "1e6"),
            "error: --max-cost: needs --prices FILE"),
        bad(
            "negative max cost",
            concat(TRAIN, "--max-cost", "-1"),
            "error: --max-cost: '-1' is not allowed"),
        bad(
            "power cap 0",
            concat(TRAIN, "--power-cap-mw", "0"),
            "error: --power-cap-mw: '0' is not allowed"),
        bad(
            "unknown type",
            swap(TRAIN, "--types", "h100,h1000"),
            "error: --types: 'h1000' is not in the accelerator catalog; did you mean"),
        bad(
            "empty type",
            swap(TRAIN, "--types", "h100,,a100"),
            "error: --types: an empty name is not allowed"),
        bad(
            "global batch below one sequence",
            concat(TRAIN, "--global-batch-tokens", "1000"),
            "error: --global-batch-tokens: '1K' is not allowed: must be from one sequence"),
        bad("seq 0", concat(TRAIN, "--seq", "0"), "error: --seq: '0' is not allowed"),
        bad("max devices 0", concat(TRAIN, "--max-devices", "0"), "error: --max-devices: '0'"),
        bad("top 0", concat(TRAIN, "--top", "0"), "error: --top: '0' is not allowed"),
        bad("train pue", concat(TRAIN, "--pue", "0.9"), "error: --pue: '0.9' is not allowed"),
        bad(
            "unknown model",
            swap(TRAIN, "--model", "llama3-7b"),
            "error: --model: 'llama3-7b' is not a bundled model"),
        bad("qps 0", swap(INFER, "--qps", "0"), "error: --qps: '0' is not allowed"),
        bad("negative qps", swap(INFER, "--qps", "-1"), "error: --qps: '-1' is not allowed"),
        bad("ttft 0", swap(INFER, "--ttft-ms", "0"), "error: --ttft-ms: '0' is not allowed"),
        bad("negative tpot", swap(INFER, "--tpot-ms", "-5"), "error: --tpot-ms: '-5' is not"),
        bad(
            "input tokens 0",
            swap(INFER, "--input-tokens", "0"),
            "error: --input-tokens: '0' is not allowed"),
        bad(
            "output tokens 0",
            swap(INFER, "--output-tokens", "0"),
            "error: --output-tokens: '0' is not allowed"),
        bad("bad weights", concat(INFER, "--weights", "bf16,fp4"), "'fp4' is not allowed"),
        bad("infer top", concat(INFER, "--top", "-1"), "error: --top: '-1' is not allowed"),
        bad(
            "infer unknown type",
            swap(INFER, "--types", "910x"),
            "error: --types: '910x' is not in the accelerator catalog; did you mean '910b'?"),
        bad(
            "missing prices file",
            concat(INFER, "--prices", "no-such-prices.yaml"),
            "error: prices file no-such-prices.yaml: no such file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputExitsTwoNamingTheFlag(String name, String[] args, String expected) {
    assertBadInput(args, expected);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    CliRun train =
        CliRun.of(
            swap(
                TRAIN,
                "--model",
                "llama9",
                "--days",
                "0",
                "--types",
                "h1000,a100",
                "--max-cost",
                "5",
                "--top",
                "0"));
    CliRun infer =
        CliRun.of(swap(INFER, "--qps", "0", "--ttft-ms", "-1", "--tpot-ms", "0", "--pue", "5"));

    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.out()).isEmpty();
    assertThat(train.err())
        .contains("error: --model: 'llama9'")
        .contains("error: --days: '0'")
        .contains("error: --types: 'h1000'")
        .contains("error: --max-cost: needs --prices")
        .contains("error: --top: '0'");
    assertThat(infer.exitCode()).isEqualTo(2);
    assertThat(infer.err())
        .contains("error: --qps: '0'")
        .contains("error: --ttft-ms: '-1'")
        .contains("error: --tpot-ms: '0'")
        .contains("error: --pue: '5'");
    for (String line : (train.err() + infer.err()).split("\\R")) {
      assertThat(line).startsWith("error: ");
    }
  }
}
