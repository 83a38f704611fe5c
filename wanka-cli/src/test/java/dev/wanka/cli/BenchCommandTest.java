package dev.wanka.cli;

import static dev.wanka.cli.CliTestSupport.assertBadInput;
import static dev.wanka.cli.CliTestSupport.assertNoStackTrace;
import static dev.wanka.cli.CliTestSupport.bad;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code wanka bench scheduler} on a small cluster; no assertion depends on how fast it runs. */
class BenchCommandTest {
  private static final String[] SMALL = {
    "bench", "scheduler", "--devices", "4096", "--pending", "500", "--repetitions", "5"
  };

  /**
   * Runs it; stderr may carry progress lines if the machine is slow (after 2 s), never an error.
   */
  private static CliRun run(String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
    assertThat(run.err()).doesNotContain("error");
    assertNoStackTrace(run);
    return run;
  }

  @Test
  void jsonHasTheMeasurementsAndWhatWasMeasured() {
    JsonNode json = run(CliTestSupport.concat(SMALL, "--json")).json();

    for (String key :
        List.of(
            "devices",
            "pending",
            "seed",
            "repetitions",
            "javaVersion",
            "placementsPerSecond",
            "gangP50Millis",
            "gangP99Millis",
            "gangDevices",
            "gangScope",
            "targets")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("devices").asInt()).isEqualTo(4096);
    assertThat(json.get("pending").asInt()).isEqualTo(500);
    assertThat(json.get("seed").asLong()).isEqualTo(1);
    assertThat(json.get("repetitions").asInt()).isEqualTo(5);
    assertThat(json.get("javaVersion").asString()).isNotBlank();
    assertThat(json.get("placementsPerSecond").asDouble()).isPositive();
    assertThat(json.get("placements").asLong()).isEqualTo(3 * 500);
    assertThat(json.get("gangP50Millis").asDouble()).isPositive();
    assertThat(json.get("gangP99Millis").asDouble())
        .isGreaterThanOrEqualTo(json.get("gangP50Millis").asDouble());
    assertThat(json.get("gangDevices").asInt()).isEqualTo(408);
    assertThat(json.get("gangScope").asString()).isEqualTo("spine");
    assertThat(json.get("gangBusy").asDouble()).isBetween(0.69, 0.71);
    assertThat(json.get("targets").get("apply").asBoolean()).isFalse();
  }

  @Test
  void textIsAShortTable() {
    CliRun run = run(SMALL);

    assertThat(run.out())
        .startsWith(
            "Scheduler benchmark: 4,096 H100 SXM (512 nodes of 8, 3-tier fabric), 500 jobs"
                + " pending, seed 1")
        .containsPattern("(?m)^  MEASURE +RESULT$")
        .containsPattern("(?m)^  single-node placements/s +[0-9,]+$")
        .containsPattern("(?m)^  408-device gang cycle p99 \\(ms\\) +[0-9.]+$")
        .contains("the targets are for 100,000 devices and 10,000 pending");
  }

  @Test
  void helpListsTheOptions() {
    CliRun run = CliRun.of("bench", "scheduler", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--devices=N", "--pending=M", "--seed=S", "--json");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad(
            "devices not whole nodes",
            CliTestSupport.swap(SMALL, "--devices", "4100"),
            "error: --devices: '4100' is not allowed: must be a multiple of 8 (whole nodes) from"
                + " 64 to 1,000,000"),
        bad(
            "devices too few",
            CliTestSupport.swap(SMALL, "--devices", "8"),
            "error: --devices: '8' is not allowed"),
        bad(
            "devices not a number",
            CliTestSupport.swap(SMALL, "--devices", "lots"),
            "error: --devices: 'lots' is not an int"),
        bad(
            "no pending",
            CliTestSupport.swap(SMALL, "--pending", "0"),
            "error: --pending: '0' is not allowed: must be a whole number from 1 to 1000000"),
        bad(
            "no repetitions",
            CliTestSupport.swap(SMALL, "--repetitions", "-1"),
            "error: --repetitions: '-1' is not allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badFlagsAreBadInput(String name, String[] args, String expected) {
    assertBadInput(args, expected);
  }
}
