package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertBadInput;
import static dev.wanka.cli.CliTestSupport.assertEveryLineIsAnError;
import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
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

class EstimateInferCommandTest {
  private static final String H100_10K = "../examples/clusters/h100-10k.yaml";

  /** Llama 3 70B on a 4-way tensor-parallel H100 replica, 32 requests of 2,000 + 500 tokens. */
  private static final String[] LLAMA_70B = {
    "estimate",
    "infer",
    "--model",
    "llama3-70b",
    "--accelerator",
    "h100-sxm",
    "--tp",
    "4",
    "--batch",
    "32",
    "--input-tokens",
    "2000",
    "--output-tokens",
    "500"
  };

  private static String[] llama70b(String... more) {
    return concat(LLAMA_70B, more);
  }

  private static Path prices(Path dir) throws Exception {
    Path file = dir.resolve("prices.yaml");
    Files.writeString(file, "currency: USD\nperDeviceHour:\n  h100: 2.5\n  a100: 1.2\n");
    return file;
  }

  // ---- results -------------------------------------------------------------------------------

  @Test
  void jsonHasTheStableKeysAndTheyAgree() {
    JsonNode json = json(llama70b());

    for (String key :
        List.of(
            "ttftMs",
            "tpotMs",
            "outputTokensPerSecond",
            "outputTokensPerSecondPerDevice",
            "outputTokensPerSecondPerNode",
            "requestsPerSecond",
            "maxBatch",
            "fitsInMemory",
            "weightsGBPerDevice",
            "kvCacheBytesPerToken",
            "deviceHoursPerMillionTokens",
            "kwhPerMillionTokens",
            "model",
            "accelerator",
            "tp",
            "batch",
            "inputTokens",
            "outputTokens",
            "weights",
            "kvCache",
            "pue")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.has("costPerMillionTokens")).isFalse();
    assertThat(json.has("currency")).isFalse();
    assertThat(json.get("model").asString()).isEqualTo("llama3-70b");
    assertThat(json.get("accelerator").asString()).isEqualTo("h100-sxm");
    assertThat(json.get("tp").asInt()).isEqualTo(4);
    assertThat(json.get("batch").asInt()).isEqualTo(32);
    assertThat(json.get("inputTokens").asInt()).isEqualTo(2000);
    assertThat(json.get("outputTokens").asInt()).isEqualTo(500);
    assertThat(json.get("weights").asString()).isEqualTo("bf16");
    assertThat(json.get("kvCache").asString()).isEqualTo("bf16");

    double total = json.get("outputTokensPerSecond").asDouble();
    double perDevice = json.get("outputTokensPerSecondPerDevice").asDouble();
    assertThat(perDevice * 4).isCloseTo(total, within(1e-6 * total));
    assertThat(json.get("outputTokensPerSecondPerNode").asDouble())
        .isCloseTo(perDevice * json.get("devicesPerNode").asInt(), within(1e-6 * total));
    assertThat(json.get("requestsPerSecond").asDouble() * 500)
        .isCloseTo(total, within(1e-6 * total));
    double deviceHours = json.get("deviceHoursPerMillionTokens").asDouble();
    assertThat(deviceHours).isCloseTo(4 / total * 1e6 / 3600, within(1e-6 * deviceHours));
    // 700 W per H100 at PUE 1
    assertThat(json.get("kwhPerMillionTokens").asDouble())
        .isCloseTo(0.7 * deviceHours, within(1e-6 * deviceHours));

    double ttft = json.get("ttftMs").asDouble();
    double tpot = json.get("tpotMs").asDouble();
    assertThat(ttft).isPositive().isLessThan(10_000);
    assertThat(tpot).isPositive().isLessThan(ttft);
    // 70.6B bf16 parameters over 4 devices
    assertThat(json.get("weightsGBPerDevice").asDouble()).isCloseTo(70.55 * 2 / 4, within(0.1));
    // 80 layers x 8 KV heads x 128 x 2 (K and V) x 2 bytes over min(tp, 8 heads) = 4 ranks
    assertThat(json.get("kvCacheBytesPerToken").asDouble()).isEqualTo(80.0 * 8 * 128 * 2 * 2 / 4);
    assertThat(json.get("fitsInMemory").asBoolean()).isTrue();
    assertThat(json.get("maxBatch").asInt()).isGreaterThanOrEqualTo(32);
  }

  @Test
  void textShowsTheInputsAndEveryFigure() {
    CliRun run = CliRun.of(llama70b());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "Serving llama3-70b on h100-sxm: tp 4, batch 32, 2,000 input + 500 output tokens per"
                + " request");
    assertThat(run.out())
        .contains("bf16 weights, bf16 KV cache; standard cluster")
        .containsPattern("TTFT +[\\d,.]+ ms")
        .containsPattern("TPOT +[\\d,.]+ ms")
        .containsPattern(
            "output tok/s +[\\d,.]+ per replica, [\\d,.]+ per device, [\\d,.]+ per node")
        .containsPattern("requests/s +[\\d,.]+ per replica")
        .containsPattern("weights +[\\d,.]+ GB per device")
        .containsPattern("KV cache +[\\d,]+ bytes per token per device")
        .containsPattern(
            "max batch +[\\d,]+ sequences of 2,500 tokens in 73\\.6 GB usable: batch 32 fits")
        .containsPattern("device-hours +[\\d.]+ per million output tokens")
        .containsPattern("energy +[\\d.]+ kWh per million output tokens at TDP x PUE 1 \\(700 W")
        .doesNotContain("cost")
        .doesNotContain("OUT OF MEMORY");
  }

  @Test
  void pricesAddTheCostPerMillionTokens(@TempDir Path dir) throws Exception {
    Path prices = prices(dir);
    JsonNode json = json(llama70b("--prices", prices.toString()));
    CliRun text = CliRun.of(llama70b("--prices", prices.toString()));

    double deviceHours = json.get("deviceHoursPerMillionTokens").asDouble();
    assertThat(json.get("costPerMillionTokens").asDouble())
        .isCloseTo(2.5 * deviceHours, within(1e-6 * deviceHours));
    assertThat(json.get("currency").asString()).isEqualTo("USD");
    assertThat(text.out()).containsPattern("cost +USD [\\d.]+ per million output tokens at 2.5");
  }

  @Test
  void aTypeThePricesFileLacksIsNotPriced(@TempDir Path dir) throws Exception {
    Path prices = prices(dir);
    String[] args = swap(LLAMA_70B, "--accelerator", "h20", "--prices", prices.toString());

    assertThat(json(args).has("costPerMillionTokens")).isFalse();
    assertThat(CliRun.of(args).out()).contains("not priced: the prices file has no entry for h20");
  }

  @Test
  void energyIsLeftOutWhenTheCatalogHasNoTdpAndScalesWithPue() {
    JsonNode ascend = json(swap(LLAMA_70B, "--accelerator", "ascend-910b3", "--tp", "8"));
    JsonNode base = json(llama70b());
    JsonNode pue = json(llama70b("--pue", "1.5"));

    assertThat(ascend.has("kwhPerMillionTokens")).isFalse();
    assertThat(ascend.get("energyUnknown").asString()).contains("no TDP for ascend-910b3");
    assertThat(pue.get("kwhPerMillionTokens").asDouble())
        .isCloseTo(1.5 * base.get("kwhPerMillionTokens").asDouble(), within(1e-6));
  }

  @Test
  void optionsReachTheEstimator() {
    JsonNode base = json(llama70b());
    JsonNode fp8 = json(llama70b("--weights", "FP8", "--kv-cache", "fp8"));
    JsonNode int4 = json(llama70b("--weights", "int4"));
    JsonNode bigger = json(swap(LLAMA_70B, "--batch", "64"));

    assertThat(fp8.get("weights").asString()).isEqualTo("fp8");
    assertThat(fp8.get("kvCache").asString()).isEqualTo("fp8");
    assertThat(fp8.get("weightsGBPerDevice").asDouble())
        .isCloseTo(base.get("weightsGBPerDevice").asDouble() / 2, within(1e-6));
    assertThat(fp8.get("kvCacheBytesPerToken").asDouble())
        .isEqualTo(base.get("kvCacheBytesPerToken").asDouble() / 2);
    assertThat(fp8.get("maxBatch").asInt()).isGreaterThan(base.get("maxBatch").asInt());
    assertThat(int4.get("weightsGBPerDevice").asDouble())
        .isCloseTo(base.get("weightsGBPerDevice").asDouble() / 4, within(1e-6));
    assertThat(bigger.get("outputTokensPerSecond").asDouble())
        .isGreaterThan(base.get("outputTokensPerSecond").asDouble());
    assertThat(bigger.get("tpotMs").asDouble())
        .isGreaterThanOrEqualTo(base.get("tpotMs").asDouble());
  }

  @Test
  void theBatchDefaultsToOne() {
    List<String> args = new ArrayList<>(Arrays.asList(LLAMA_70B));
    int at = args.indexOf("--batch");
    args.remove(at);
    args.remove(at);

    JsonNode json = json(args.toArray(String[]::new));

    assertThat(json.get("batch").asInt()).isEqualTo(1);
  }

  @Test
  void aBatchThatCannotFitSaysSo() {
    String[] args = swap(LLAMA_70B, "--batch", "4096");

    JsonNode json = json(args);
    CliRun text = CliRun.of(args);

    assertThat(json.get("fitsInMemory").asBoolean()).isFalse();
    assertThat(json.get("maxBatch").asInt()).isLessThan(4096);
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).containsPattern("OUT OF MEMORY: batch 4096 > [\\d]+");
  }

  @Test
  void runsInAClusterSpecWithItsPue() {
    JsonNode json = json(swap(LLAMA_70B, "--tp", "8", "--cluster", H100_10K));

    assertThat(json.get("cluster").asString()).isEqualTo("h100-10k");
    assertThat(json.get("pool").asString()).isEqualTo("h100");
    assertThat(json.get("pue").asDouble()).isEqualTo(1.25);
    // 700 W per GPU + 4,600 W / 8 of node overhead, at PUE 1.25
    assertThat(json.get("wattsPerDevice").asDouble()).isCloseTo(1275, within(1e-6));
    double deviceHours = json.get("deviceHoursPerMillionTokens").asDouble();
    assertThat(json.get("kwhPerMillionTokens").asDouble())
        .isCloseTo(1.275 * 1.25 * deviceHours, within(1e-6 * deviceHours));
  }

  @Test
  void helpListsTheCommand() {
    CliRun estimate = CliRun.of("estimate", "--help");
    CliRun help = CliRun.of("estimate", "infer", "--help");

    assertThat(estimate.out())
        .containsPattern("(?m)^  train  \\S")
        .containsPattern("(?m)^  infer  \\S");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("--model=PRESET|FILE", "--tp=T", "--batch=B", "--prices=FILE")
        .contains("bf16, fp8, int8, int4");
  }

  // ---- bad input -----------------------------------------------------------------------------

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("tp must divide heads", swap(LLAMA_70B, "--tp", "6"), "error: --tp: 6 must be >= 1"),
        bad("tp 0", swap(LLAMA_70B, "--tp", "0"), "error: --tp: '0' is not allowed"),
        bad("batch 0", swap(LLAMA_70B, "--batch", "0"), "error: --batch: '0' is not allowed"),
        bad(
            "input tokens 0",
            swap(LLAMA_70B, "--input-tokens", "0"),
            "error: --input-tokens: '0' is not allowed"),
        bad(
            "negative output tokens",
            swap(LLAMA_70B, "--output-tokens", "-5"),
            "error: --output-tokens: '-5' is not allowed"),
        bad("pue below 1", llama70b("--pue", "0.5"), "error: --pue: '0.5' is not allowed"),
        bad("pue not a number", llama70b("--pue", "NaN"), "error: --pue: 'NaN' is not allowed"),
        bad(
            "fp8 on a chip without an fp8 peak",
            swap(LLAMA_70B, "--accelerator", "ascend-910b3", "--weights", "fp8"),
            "error: --weights: ascend-910b3 has no known dense fp8 peak"),
        bad(
            "missing catalog figures",
            swap(LLAMA_70B, "--accelerator", "br100"),
            "error: --accelerator: the catalog lacks a figure"),
        bad(
            "unknown model",
            swap(LLAMA_70B, "--model", "llama3-7b"),
            "error: --model: 'llama3-7b' is not a bundled model; did you mean"),
        bad(
            "unknown accelerator",
            swap(LLAMA_70B, "--accelerator", "h100-sx"),
            "error: --accelerator: 'h100-sx' is not in the accelerator catalog;"
                + " did you mean 'h100-sxm'?"),
        bad(
            "accelerator not in the cluster",
            swap(LLAMA_70B, "--accelerator", "a100", "--cluster", H100_10K),
            "error: --accelerator: cluster 'h100-10k' has no pool of a100-sxm-80gb"),
        bad(
            "missing prices file",
            llama70b("--prices", "no-such-prices.yaml"),
            "error: prices file no-such-prices.yaml: no such file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputExitsTwoNamingTheFlag(String name, String[] args, String expected) {
    for (CliRun run : assertBadInput(args, expected)) {
      assertEveryLineIsAnError(run);
    }
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    CliRun flags =
        CliRun.of(
            swap(
                LLAMA_70B,
                "--model",
                "llama9",
                "--accelerator",
                "h1000",
                "--tp",
                "0",
                "--batch",
                "0",
                "--pue",
                "9"));
    CliRun estimator =
        CliRun.of(swap(LLAMA_70B, "--tp", "6", "--accelerator", "a100", "--cluster", H100_10K));

    assertThat(flags.exitCode()).isEqualTo(2);
    assertThat(flags.err())
        .contains("error: --model: 'llama9'")
        .contains("error: --accelerator: 'h1000'")
        .contains("error: --tp: '0'")
        .contains("error: --batch: '0'")
        .contains("error: --pue: '9'");
    assertThat(estimator.exitCode()).isEqualTo(2);
    assertThat(estimator.err())
        .contains("error: --accelerator: cluster 'h100-10k' has no pool of a100-sxm-80gb")
        .contains("error: --tp: 6 must be >= 1 and divide the model's 64 heads");
  }

  @Test
  void aBadKeywordListsTheAllowedValues() {
    CliRun weights = CliRun.of(llama70b("--weights", "int2"));
    CliRun kvCache = CliRun.of(llama70b("--kv-cache", "int8"));

    assertThat(weights.exitCode()).isEqualTo(2);
    assertThat(weights.out()).isEmpty();
    assertThat(weights.err())
        .contains("--weights")
        .contains("'int2' is not allowed: must be one of bf16, fp8, int8, int4");
    assertThat(kvCache.exitCode()).isEqualTo(2);
    assertThat(kvCache.err()).contains("--kv-cache").contains("must be one of bf16, fp8");
    assertNoStackTrace(weights);
  }

  @Test
  void aMissingRequiredOptionIsBadInput() {
    CliRun run = CliRun.of("estimate", "infer", "--model", "llama3-70b", "--accelerator", "h100");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Missing required options").contains("--tp");
  }

  @Test
  void specErrorsInAPricesFileNameFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.yaml");
    Files.writeString(file, "currency: USD\nperDeviceHour:\n  h1000: 2.5\n  h100: -1\n");

    CliRun run = CliRun.of(llama70b("--prices", file.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("error: " + file + ":3:3: perDeviceHour.h1000: 'h1000' is not in the")
        .contains("error: " + file + ":4:9: perDeviceHour.h100: '-1' is not allowed");
    assertNoStackTrace(run);
  }

  @Test
  void estimatorFieldsMapToFlags() {
    assertThat(EstimateInferCommand.FLAGS.flag("inputTokens")).isEqualTo("--input-tokens");
    assertThat(EstimateInferCommand.FLAGS.flag("outputTokens")).isEqualTo("--output-tokens");
    assertThat(EstimateInferCommand.FLAGS.flag("devices")).isEqualTo("--tp");
    assertThat(EstimateInferCommand.FLAGS.flag("weights")).isEqualTo("--weights");
    assertThat(EstimateInferCommand.FLAGS.flag("somethingNew")).isEqualTo("--something-new");
  }
}
