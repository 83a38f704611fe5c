package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertBadInput;
import static dev.wanka.cli.CliTestSupport.assertEveryLineIsAnError;
import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
import static dev.wanka.cli.CliTestSupport.bad;
import static dev.wanka.cli.CliTestSupport.concat;
import static dev.wanka.cli.CliTestSupport.json;
import static dev.wanka.cli.CliTestSupport.swap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.JsonNode;

class EstimateTrainCommandTest {
  private static final String H100_10K = "../examples/clusters/h100-10k.yaml";

  /** Llama 3 70B on 1,024 H100: 8-way tensor (with sequence parallelism) and 4-stage pipeline. */
  private static final String[] LLAMA_70B = {
    "estimate",
    "train",
    "--model",
    "llama3-70b",
    "--accelerator",
    "h100-sxm",
    "--devices",
    "1024",
    "--tp",
    "8",
    "--pp",
    "4",
    "--sequence-parallel",
    "--global-batch",
    "1024",
    "--micro-batch",
    "1"
  };

  private static String[] llama70b(String... more) {
    return concat(LLAMA_70B, more);
  }

  /** A small dense job: 64 devices, tp 2, no pipeline, 64 sequences of micro-batch 1. */
  private static String[] on64Devices(String model, String accelerator, String... more) {
    String[] job = {
      "estimate",
      "train",
      "--model",
      model,
      "--accelerator",
      accelerator,
      "--devices",
      "64",
      "--tp",
      "2",
      "--pp",
      "1",
      "--global-batch",
      "64",
      "--micro-batch",
      "1"
    };
    return concat(job, more);
  }

  // ---- results -------------------------------------------------------------------------------

  @Test
  void jsonHasTheStableKeysAndTheyAgree() {
    JsonNode json = json(llama70b());

    for (String key :
        List.of(
            "stepSeconds",
            "tokensPerSecond",
            "tflopsPerDevice",
            "hardwareTflopsPerDevice",
            "mfu",
            "hfu",
            "memoryPerDeviceGB",
            "memoryCapacityGB",
            "fitsInMemory",
            "model",
            "accelerator",
            "devices",
            "parallelism",
            "breakdown",
            "memory")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("model").asString()).isEqualTo("llama3-70b");
    assertThat(json.get("accelerator").asString()).isEqualTo("h100-sxm");
    assertThat(json.get("devices").asInt()).isEqualTo(1024);
    JsonNode p = json.get("parallelism");
    assertThat(List.of(p.get("tp"), p.get("pp"), p.get("vpp"), p.get("cp"), p.get("ep")))
        .extracting(JsonNode::asInt)
        .containsExactly(8, 4, 1, 1, 1);
    assertThat(p.get("dp").asInt()).isEqualTo(1024 / (8 * 4));

    double step = json.get("stepSeconds").asDouble();
    // the model's sequence length is the default: 1,024 sequences x 8,192 tokens per step
    assertThat(json.get("seq").asInt()).isEqualTo(8192);
    assertThat(json.get("tokensPerSecond").asDouble())
        .isCloseTo(1024.0 * 8192 / step, within(1e-6 * 1024 * 8192 / step));
    double mfu = json.get("mfu").asDouble();
    assertThat(mfu).isStrictlyBetween(0.0, 1.0);
    assertThat(json.get("hfu").asDouble()).isGreaterThanOrEqualTo(mfu).isLessThan(1.0);
    assertThat(json.get("tflopsPerDevice").asDouble() / json.get("peakTflopsPerDevice").asDouble())
        .isCloseTo(mfu, within(1e-6));

    JsonNode b = json.get("breakdown");
    double parts =
        b.get("computeSeconds").asDouble()
            + b.get("pipelineSeconds").asDouble()
            + b.get("bubbleSeconds").asDouble()
            + b.get("dataParallelSeconds").asDouble()
            + b.get("optimizerSeconds").asDouble();
    assertThat(parts).isCloseTo(step, within(1e-6 * step));
    assertThat(b.get("tensorParallelSeconds").asDouble())
        .isPositive()
        .isLessThan(b.get("computeSeconds").asDouble());

    JsonNode m = json.get("memory");
    double total =
        m.get("weightsGB").asDouble()
            + m.get("gradientsGB").asDouble()
            + m.get("optimizerGB").asDouble()
            + m.get("activationsGB").asDouble();
    assertThat(m.get("totalGB").asDouble()).isCloseTo(total, within(1e-6 * total));
    assertThat(json.get("memoryPerDeviceGB").asDouble())
        .isCloseTo(m.get("totalGB").asDouble(), within(1e-9));
    // 80 GB x the NVIDIA calibration's usable fraction 0.92
    assertThat(json.get("memoryCapacityGB").asDouble()).isCloseTo(73.6, within(1e-9));

    assertThat(json.get("recompute").asString()).isEqualTo("selective");
    assertThat(json.get("precision").asString()).isEqualTo("bf16");
    assertThat(json.get("zeroStage").asInt()).isEqualTo(1);
    assertThat(json.get("flashAttention").asBoolean()).isTrue();
    assertThat(json.get("overlapGradReduce").asBoolean()).isTrue();
    assertThat(json.has("days")).isFalse();
  }

  @Test
  void llama70bOnAThousandH100sFitsWithAPlausibleMfu() {
    JsonNode json = json(llama70b());

    assertThat(json.get("fitsInMemory").asBoolean()).isTrue();
    assertThat(json.get("mfu").asDouble()).isBetween(0.2, 0.7);
  }

  @Test
  void textShowsTheInputsTheHeadlineFiguresTheBreakdownAndTheMemory() {
    CliRun run = CliRun.of(llama70b());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().findFirst().orElseThrow())
        .startsWith(
            "Training llama3-70b on 1,024 x h100-sxm: tp 8, pp 4, vpp 1, cp 1, ep 1, dp 32;")
        .contains("global batch 1,024 x seq 8,192");
    assertThat(run.out())
        .containsPattern("step time +\\d+\\.\\d+ s")
        .contains("tokens/s")
        .containsPattern("TFLOP/s/device +[\\d.]+ model, [\\d.]+ hardware")
        .containsPattern("MFU +\\d+\\.\\d %")
        .containsPattern("HFU +\\d+\\.\\d %")
        .contains("of which TP", "of which EP", "of which CP")
        .contains("pipeline transfers", "pipeline bubble", "data-parallel exposed", "optimizer")
        .contains("weights", "gradients", "activations")
        .containsPattern("GB of 73\\.6 GB usable \\(80 GB x 0\\.92\\): fits")
        .doesNotContain("OUT OF MEMORY")
        .doesNotContain("days");
  }

  @Test
  void aConfigurationThatCannotFitSaysSo() {
    String[] args = {
      "estimate", "train", "--model", "llama3-405b", "--accelerator", "a100", "--devices", "8",
      "--tp", "8", "--pp", "1", "--global-batch", "8", "--micro-batch", "1"
    };

    JsonNode json = json(args);
    CliRun text = CliRun.of(args);

    assertThat(json.get("fitsInMemory").asBoolean()).isFalse();
    assertThat(json.get("memoryPerDeviceGB").asDouble())
        .isGreaterThan(json.get("memoryCapacityGB").asDouble());
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).containsPattern("OUT OF MEMORY by [\\d,]+\\.\\d GB");
  }

  @Test
  void optionsReachTheEstimator() {
    JsonNode base = json(llama70b());
    JsonNode changed =
        json(
            llama70b(
                "--seq",
                "4096",
                "--recompute",
                "FULL",
                "--precision",
                "fp8",
                "--zero",
                "0",
                "--no-flash-attention",
                "--no-overlap",
                "--vpp",
                "5",
                "--cp",
                "2"));

    assertThat(changed.get("seq").asInt()).isEqualTo(4096);
    assertThat(changed.get("recompute").asString()).isEqualTo("full");
    assertThat(changed.get("precision").asString()).isEqualTo("fp8");
    assertThat(changed.get("zeroStage").asInt()).isZero();
    assertThat(changed.get("flashAttention").asBoolean()).isFalse();
    assertThat(changed.get("overlapGradReduce").asBoolean()).isFalse();
    assertThat(changed.get("parallelism").get("vpp").asInt()).isEqualTo(5);
    assertThat(changed.get("parallelism").get("cp").asInt()).isEqualTo(2);
    assertThat(changed.get("parallelism").get("dp").asInt()).isEqualTo(16);
    // MFU is quoted against the dense BF16 peak (989 on H100 SXM), FP8 runs included
    assertThat(changed.get("peakTflopsPerDevice").asDouble())
        .isEqualTo(base.get("peakTflopsPerDevice").asDouble())
        .isEqualTo(989.0);
    assertThat(changed.get("stepSeconds").asDouble())
        .isNotEqualTo(base.get("stepSeconds").asDouble());
  }

  @Test
  void aMixtureOfExpertsModelRunsWithExpertParallelism() {
    JsonNode json =
        json(
            "estimate",
            "train",
            "--model",
            "mixtral-8x7b",
            "--accelerator",
            "h100",
            "--devices",
            "256",
            "--tp",
            "2",
            "--pp",
            "4",
            "--ep",
            "8",
            "--global-batch",
            "512",
            "--micro-batch",
            "1",
            "--sequence-parallel");

    assertThat(json.get("breakdown").get("expertParallelSeconds").asDouble()).isPositive();
    assertThat(json.get("mfu").asDouble()).isStrictlyBetween(0.0, 1.0);
  }

  @Test
  void aUserModelFileWorks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("My_Model.yaml");
    Files.writeString(
        file,
        "layers: 32\nhidden: 4096\nheads: 32\nvocab: 32000\nseq: 4096\n"
            + "ffnHidden: 11008\nffnActivation: swiglu\n");

    JsonNode json = json(on64Devices(file.toString(), "h100"));

    // the id defaults to the file name as a slug; seq to the file's
    assertThat(json.get("model").asString()).isEqualTo("my-model");
    assertThat(json.get("seq").asInt()).isEqualTo(4096);
    assertThat(json.get("parametersBillions").asDouble()).isBetween(6.5, 7.0);
    assertThat(json.get("fitsInMemory").asBoolean()).isTrue();
  }

  @Test
  void runsInAClusterSpecWithItsPueAndPrices() {
    JsonNode json = json(llama70b("--cluster", H100_10K, "--tokens", "15T"));
    CliRun text = CliRun.of(llama70b("--cluster", H100_10K, "--tokens", "15T"));

    assertThat(json.get("cluster").asString()).isEqualTo("h100-10k");
    assertThat(json.get("pool").asString()).isEqualTo("h100");
    assertThat(json.get("pue").asDouble()).isEqualTo(1.25);
    // 700 W per GPU + 4,600 W / 8 of node overhead
    assertThat(json.get("wattsPerDevice").asDouble()).isCloseTo(1275, within(1e-6));
    double days = json.get("days").asDouble();
    double mwh = 1275.0 * 1024 * days * 24 / 1e6 * 1.25;
    assertThat(json.get("energyMWh").asDouble()).isCloseTo(mwh, within(1e-6 * mwh));
    assertThat(json.get("energyCost").asDouble()).isCloseTo(mwh * 1000 * 0.6, within(1e-3 * mwh));
    assertThat(json.get("currency").asString()).isEqualTo("CNY");
    assertThat(text.out())
        .contains("cluster h100-10k pool h100")
        .contains("at TDP x PUE 1.25")
        .containsPattern("energy cost +CNY [\\d,]+ at 0.6 per kWh");
  }

  @Test
  void pueOptionOverridesTheSpecAndDefaultsToOne() {
    JsonNode standalone = json(llama70b("--tokens", "1T"));
    JsonNode overridden = json(llama70b("--cluster", H100_10K, "--tokens", "1T", "--pue", "1.1"));

    assertThat(standalone.get("pue").asDouble()).isEqualTo(1.0);
    assertThat(standalone.has("energyCost")).isFalse();
    assertThat(overridden.get("pue").asDouble()).isEqualTo(1.1);
  }

  @Test
  void tokensAddTheTimeToTrain() {
    CliRun text = CliRun.of(llama70b("--tokens", "2T"));
    JsonNode json = json(llama70b("--tokens", "2T"));

    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .containsPattern("time to train +[\\d,]+\\.\\d days for 2T tokens")
        .containsPattern("energy +[\\d,]+\\.\\d MWh at TDP x PUE 1 ");
    double days = 2e12 / json.get("tokensPerSecond").asDouble() / 86_400;
    assertThat(json.get("tokens").asDouble()).isEqualTo(2e12);
    assertThat(json.get("days").asDouble()).isCloseTo(days, within(1e-6 * days));
    assertThat(json.get("energyMWh").asDouble()).isPositive();
  }

  @Test
  void energyIsLeftOutWhenTheCatalogHasNoTdp() {
    String[] args = on64Devices("llama3-8b", "ascend-910b3", "--tokens", "300B");

    JsonNode json = json(args);
    CliRun text = CliRun.of(args);

    assertThat(json.has("days")).isTrue();
    assertThat(json.has("energyMWh")).isFalse();
    assertThat(json.get("energyUnknown").asString()).contains("no TDP for ascend-910b3");
    assertThat(text.out()).contains("energy          unknown: the catalog has no TDP");
  }

  @Test
  void aCalibrationFileReplacesTheVendorsEntry(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("slow.yaml");
    Files.writeString(
        file,
        "- vendor: nvidia\n  accelerators: [h100-sxm]\n  gemmEfficiency: 0.35\n  fp8GemmEfficiency: 0.3\n"
            + "  attentionEfficiency: 0.3\n  memoryEfficiency: 0.5\n"
            + "  scaleUpCollectiveEfficiency: 0.5\n  scaleOutCollectiveEfficiency: 0.5\n"
            + "  scaleUpLatencyMicroseconds: 5\n  scaleOutLatencyMicroseconds: 20\n"
            + "  usableMemoryFraction: 0.8\n  source: a slow day\n");

    JsonNode base = json(llama70b());
    JsonNode slow = json(llama70b("--calibration", file.toString()));

    assertThat(slow.get("mfu").asDouble()).isLessThan(base.get("mfu").asDouble());
    assertThat(slow.get("memoryCapacityGB").asDouble()).isCloseTo(64, within(1e-9));
  }

  @Test
  void helpListsTheCommand() {
    assertThat(CliRun.of("--help").out()).containsPattern("(?m)^  estimate  \\S.*$");
    CliRun help = CliRun.of("estimate", "train", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("--model=PRESET|FILE", "--tokens=D", "--zero=0..3")
        .contains("none, selective, full")
        .contains("bf16, fp8");
  }

  // ---- bad input -----------------------------------------------------------------------------

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad(
            "devices do not divide",
            swap(LLAMA_70B, "--devices", "1000"),
            "error: --devices: 1000"),
        bad("tp must divide heads", swap(LLAMA_70B, "--tp", "6"), "error: --tp: 6 must divide"),
        bad(
            "more stages than layers",
            swap(LLAMA_70B, "--pp", "128"),
            "error: --pp: 128 stages are more than the model's 80 layers"),
        bad(
            "more chunks than layers",
            llama70b("--vpp", "25"),
            "error: --vpp: 25 model chunks per stage need at least as many layers on every stage"),
        bad("cp must divide seq", llama70b("--cp", "2", "--seq", "8190"), "error: --cp: "),
        bad("ep needs experts", llama70b("--ep", "2"), "error: --ep: "),
        bad("global batch", swap(LLAMA_70B, "--global-batch", "1000"), "error: --global-batch: "),
        bad("zero out of range", llama70b("--zero", "4"), "error: --zero: 4 is not one of"),
        bad("zero 2 with pp", llama70b("--zero", "2"), "error: --zero: ZeRO stage 2"),
        bad(
            "fp8 on a100",
            swap(LLAMA_70B, "--accelerator", "a100", "--precision", "fp8"),
            "error: --precision: "),
        bad("tp 0", swap(LLAMA_70B, "--tp", "0"), "error: --tp: '0' is not allowed"),
        bad("negative pp", swap(LLAMA_70B, "--pp", "-4"), "error: --pp: '-4' is not allowed"),
        bad("devices 0", swap(LLAMA_70B, "--devices", "0"), "error: --devices: '0' is not"),
        bad("micro-batch 0", swap(LLAMA_70B, "--micro-batch", "0"), "error: --micro-batch: '0'"),
        bad("seq 0", llama70b("--seq", "0"), "error: --seq: '0' is not allowed"),
        bad("pue below 1", llama70b("--pue", "0.5"), "error: --pue: '0.5' is not allowed"),
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
            "more devices than the pool",
            swap(LLAMA_70B, "--devices", "20480", "--cluster", H100_10K),
            "error: --devices: 20480 devices do not fit in pool 'h100'"),
        bad(
            "missing model file",
            swap(LLAMA_70B, "--model", "no-such-model.yaml"),
            "error: model file no-such-model.yaml: no such file"),
        bad(
            "missing cluster file",
            llama70b("--cluster", "no-such-cluster.yaml"),
            "error: cluster spec no-such-cluster.yaml: no such file"));
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
    CliRun run =
        CliRun.of(
            swap(
                LLAMA_70B,
                "--devices",
                "1000",
                "--tp",
                "7",
                "--vpp",
                "25",
                "--zero",
                "2",
                "--ep",
                "2"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("error: --devices: ")
        .contains("error: --global-batch: ")
        .contains("error: --vpp: ")
        .contains("error: --tp: ")
        .contains("error: --zero: ")
        .contains("error: --ep: ");
    assertNoStackTrace(run);
  }

  @Test
  void unknownModelAndAcceleratorAndBadSizesAreReportedTogether() {
    CliRun run =
        CliRun.of(swap(LLAMA_70B, "--model", "llama9", "--accelerator", "h1000", "--tp", "0"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("error: --model: 'llama9'")
        .contains("error: --accelerator: 'h1000'")
        .contains("error: --tp: '0'");
  }

  @Test
  void aDeviceCountThatDoesNotFitThePoolStillReportsTheOtherProblems() {
    CliRun run =
        CliRun.of(swap(LLAMA_70B, "--devices", "20480", "--cluster", H100_10K, "--vpp", "25"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("error: --devices: 20480 devices do not fit in pool")
        .contains(
            "error: --vpp: 25 model chunks per stage need at least as many layers on every stage");
  }

  @Test
  void aBadKeywordListsTheAllowedValues() {
    CliRun recompute = CliRun.of(llama70b("--recompute", "foo"));
    CliRun precision = CliRun.of(llama70b("--precision", "fp16"));

    assertThat(recompute.exitCode()).isEqualTo(2);
    assertThat(recompute.out()).isEmpty();
    assertThat(recompute.err())
        .contains("--recompute")
        .contains("'foo' is not allowed: must be one of none, selective, full");
    assertThat(precision.exitCode()).isEqualTo(2);
    assertThat(precision.err())
        .contains("--precision")
        .contains("must be one of bf16, fp8; did you mean 'bf16'?");
    assertNoStackTrace(recompute);
  }

  @Test
  void aBadTokenCountIsRefused() {
    CliRun run = CliRun.of(llama70b("--tokens", "2X"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--tokens").contains("'2X' is not allowed");
  }

  @Test
  void aMissingRequiredOptionIsBadInput() {
    CliRun run = CliRun.of("estimate", "train", "--model", "llama3-70b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Missing required options").contains("--accelerator");
  }

  @Test
  void specErrorsInAModelFileNameFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file, "layers: 32\nhidden: -4096\nheads: 32\nvocab: 32000\nseq: 4096\nffnHidden: 11008\n");

    CliRun run = CliRun.of(swap(LLAMA_70B, "--model", file.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: " + file + ":2:9: hidden: '-4096' is not allowed")
        .doesNotContain("Exception");
  }

  @Test
  void specErrorsInClusterAndCalibrationFilesNameFileLineAndField(@TempDir Path dir)
      throws Exception {
    Path cluster = dir.resolve("cluster.yaml");
    Files.writeString(cluster, "name: x\n");
    Path calibration = dir.resolve("calibration.yaml");
    Files.writeString(calibration, "- vendor: NVIDIA\n  gemmEfficiency: 1.5\n");

    CliRun badCluster = CliRun.of(llama70b("--cluster", cluster.toString()));
    CliRun badCalibration = CliRun.of(llama70b("--calibration", calibration.toString()));

    assertThat(badCluster.exitCode()).isEqualTo(2);
    assertThat(badCluster.out()).isEmpty();
    assertThat(badCluster.err()).contains("error: " + cluster + ":1:1: pools: missing field");
    assertThat(badCalibration.exitCode()).isEqualTo(2);
    assertThat(badCalibration.out()).isEmpty();
    assertThat(badCalibration.err())
        .contains("error: " + calibration + ":2:19: [0].gemmEfficiency: '1.5' is not allowed");
  }

  // ---- the pieces ----------------------------------------------------------------------------

  @Test
  void tokenCountsTakeSuffixesAndExponents() {
    assertThat(TokenCount.parse("2T")).isEqualTo(2e12);
    assertThat(TokenCount.parse("300B")).isEqualTo(300e9);
    assertThat(TokenCount.parse("300g")).isEqualTo(300e9);
    assertThat(TokenCount.parse("15e12")).isEqualTo(15e12);
    assertThat(TokenCount.parse("1.5t")).isEqualTo(1.5e12);
    assertThat(TokenCount.parse("500M")).isEqualTo(500e6);
    assertThat(TokenCount.parse("2,000,000")).isEqualTo(2e6);
    assertThat(TokenCount.parse(" 7K ")).isEqualTo(7e3);
    for (String bad :
        List.of("", "T", "-1", "0", "NaN", "Infinity", "1e30", "2X", "0x10", "1..2")) {
      assertThatThrownBy(() -> TokenCount.parse(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("is not allowed");
    }
    assertThat(TokenCount.describe(2e12)).isEqualTo("2T");
    assertThat(TokenCount.describe(15e12)).isEqualTo("15T");
    assertThat(TokenCount.describe(300e9)).isEqualTo("300B");
    assertThat(TokenCount.describe(1.5e12)).isEqualTo("1.5T");
    assertThat(TokenCount.describe(999)).isEqualTo("999");
  }

  @Test
  void estimatorFieldsMapToFlags() {
    assertThat(EstimateTrainCommand.FLAGS.flag("globalBatch")).isEqualTo("--global-batch");
    assertThat(EstimateTrainCommand.FLAGS.flag("microBatch")).isEqualTo("--micro-batch");
    assertThat(EstimateTrainCommand.FLAGS.flag("zeroStage")).isEqualTo("--zero");
    assertThat(EstimateTrainCommand.FLAGS.flag("accelerator")).isEqualTo("--accelerator");
    assertThat(EstimateTrainCommand.FLAGS.flag("somethingNew")).isEqualTo("--something-new");
  }

  @Test
  void aModelFileNameBecomesASlug() {
    assertThat(CommandInputs.defaultId(Path.of("dir", "My_Model v2.yaml")))
        .isEqualTo("my-model-v2");
    assertThat(CommandInputs.defaultId(Path.of("llama.yml"))).isEqualTo("llama");
  }
}
